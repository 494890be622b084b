// GraphQL at /graphql runs the same services, guards and tenancy as REST.
import { ZCreateProjectSchema, ZProjectGoal, ZUpdateProjectSchema } from '@meridian/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, startHarness, type Harness, type TestUser } from './harness';

let h: Harness;
let u: TestUser;
beforeAll(async () => {
  h = await startHarness();
  u = await signUp(h);
});
afterAll(async () => h?.close());

type GqlRes<T> = { data: T | null; errors?: { message: string; path?: string[]; extensions: { code: string; correlationId: string; issues?: { path: string }[] } }[] };
async function gql<T>(query: string, variables: Record<string, unknown> = {}, auth: { cookie?: string; apiKey?: string } = { cookie: u.cookie }): Promise<GqlRes<T>> {
  const res = await h.request({ method: 'POST', url: '/graphql', ...auth, body: { query, variables } });
  expect(res.status, res.text).toBe(200);
  return res.json<GqlRes<T>>();
}

describe('GraphQL', () => {
  it('answers me and organizations', async () => {
    const r = await gql<{ me: { user: { email: string } }; organizations: { organizationId: string; role: string }[] }>('{ me { user { email } } organizations { organizationId role } }');
    expect(r.errors).toBeUndefined();
    expect(r.data!.me.user.email).toBe(u.email);
    expect(r.data!.organizations).toEqual([{ organizationId: u.orgId, role: 'OWNER' }]);
  });

  it('creates, reads, pages, updates and deletes projects', async () => {
    const created = await gql<{ createProject: { id: string; goal: { metric: string; threshold: number } } }>(
      'mutation($o: ID!, $i: CreateProjectInput!) { createProject(orgId: $o, input: $i) { id name stage goal { metric threshold deadline } } }',
      { o: u.orgId, i: { name: 'Via GraphQL', startupMode: 'PLATFORM', businessModel: 'DATA_SERVICES', goal: { statement: 'x', metric: 'f1', threshold: 0.7, deadline: '2027-01-31' } } },
    );
    expect(created.errors).toBeUndefined();
    const id = created.data!.createProject.id;
    const page = await gql<{ projects: { items: { id: string }[]; nextCursor: string | null } }>('query($o: ID!) { projects(orgId: $o, limit: 10) { items { id } nextCursor } }', { o: u.orgId });
    expect(page.data!.projects.items.map((p) => p.id)).toContain(id);
    const upd = await gql<{ updateProject: { stage: string } }>('mutation($o: ID!, $id: ID!) { updateProject(orgId: $o, id: $id, input: { stage: TRAINING }) { stage } }', { o: u.orgId, id });
    expect(upd.data!.updateProject.stage).toBe('TRAINING');
    const rest = await h.request({ url: `/api/orgs/${u.orgId}/projects/${id}`, cookie: u.cookie });
    expect(rest.json()).toMatchObject({ stage: 'TRAINING', goal: { metric: 'f1', threshold: 0.7, deadline: '2027-01-31' } });
    const del = await gql<{ deleteProject: boolean }>('mutation($o: ID!, $id: ID!) { deleteProject(orgId: $o, id: $id) }', { o: u.orgId, id });
    expect(del.data!.deleteProject).toBe(true);
    const gone = await gql('query($o: ID!, $id: ID!) { project(orgId: $o, id: $id) { id } }', { o: u.orgId, id });
    expect(gone.errors![0].extensions.code).toBe('NOT_FOUND');
  });

  it('validates inputs with the Zod schemas and reports field paths', async () => {
    const r = await gql('mutation($o: ID!) { createProject(orgId: $o, input: { name: "x", startupMode: RND, businessModel: SAAS, goal: { metric: "auc" } }) { id } }', { o: u.orgId });
    expect(r.errors![0].extensions.code).toBe('VALIDATION_FAILED');
    expect(r.errors![0].extensions.issues!.map((i) => i.path).sort()).toEqual(['input.goal.threshold', 'input.name']);
    expect(r.errors![0].extensions.correlationId).toBeTruthy();
  });

  it('refuses without credentials with UNAUTHENTICATED and a correlation id', async () => {
    const r = await gql('{ me { user { id } } }', {}, {});
    expect(r.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(r.errors![0].extensions.correlationId).toMatch(/.{8,}/);
    const p = await gql('query($o: ID!) { projects(orgId: $o) { items { id } } }', { o: u.orgId }, {});
    expect(p.errors![0].extensions.code).toBe('UNAUTHENTICATED');
    expect(JSON.stringify(p)).not.toContain('items":[');
  });

  it('every query and mutation answers UNAUTHENTICATED without credentials (walk of the schema)', async () => {
    type TypeRef = { kind: string; name: string | null; ofType: TypeRef | null };
    type Field = { name: string; args: { name: string; type: TypeRef }[]; type: TypeRef };
    const intro = await gql<{ __schema: { queryType: { fields: Field[] }; mutationType: { fields: Field[] } } }>(
      `{ __schema {
          queryType { fields { name args { name type { ...T } } type { ...T } } }
          mutationType { fields { name args { name type { ...T } } type { ...T } } } } }
       fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }`,
    );
    const named = (t: TypeRef): TypeRef => (t.ofType ? named(t.ofType) : t);
    const sample: Record<string, string> = { ID: '"01anyid0000000000000000000"', String: '"x"', Int: '1', Float: '1', Boolean: 'true' };
    const valueFor = (t: TypeRef): string => {
      if (t.kind === 'NON_NULL') return valueFor(t.ofType!);
      const n = named(t);
      if (n.name === 'CreateProjectInput') return '{ name: "Probe", startupMode: RND, businessModel: SAAS }';
      if (n.name === 'UpdateProjectInput') return '{ name: "Probe" }';
      return sample[n.name ?? ''] ?? 'null';
    };
    const ops = [
      ...intro.data!.__schema.queryType.fields.map((f) => ['query', f] as const),
      ...intro.data!.__schema.mutationType.fields.map((f) => ['mutation', f] as const),
    ];
    expect(ops.length).toBeGreaterThanOrEqual(9);
    const failures: string[] = [];
    for (const [kind, f] of ops) {
      const args = f.args.filter((a) => a.type.kind === 'NON_NULL').map((a) => `${a.name}: ${valueFor(a.type)}`);
      const selection = ['OBJECT', 'INTERFACE', 'UNION'].includes(named(f.type).kind) ? ' { __typename }' : '';
      const r = await gql(`${kind} { ${f.name}${args.length ? `(${args.join(', ')})` : ''}${selection} }`, {}, {});
      const code = r.errors?.[0]?.extensions?.code;
      if (code !== 'UNAUTHENTICATED' || r.data) failures.push(`${kind} ${f.name}: ${JSON.stringify(r).slice(0, 160)}`);
    }
    expect(failures).toEqual([]);
  });

  it('reports documents it cannot validate with a code, never a stack', async () => {
    const res = await h.request({ method: 'POST', url: '/graphql', cookie: u.cookie, body: { query: '{ nope }' } });
    const body = res.json<GqlRes<unknown>>();
    expect(body.errors![0].extensions.code).toBe('VALIDATION_FAILED');
    expect(res.text).not.toMatch(/\n\s+at /);
  });

  it('has input types with exactly the fields of the Zod schemas (no drift)', async () => {
    const r = await gql<{ __schema: { types: { name: string; inputFields: { name: string }[] | null }[] } }>('{ __schema { types { name inputFields { name } } } }');
    const fields = (name: string) => r.data!.__schema.types.find((t) => t.name === name)!.inputFields!.map((f) => f.name).sort();
    expect(fields('CreateProjectInput')).toEqual(Object.keys(ZCreateProjectSchema.shape).sort());
    expect(fields('UpdateProjectInput')).toEqual(Object.keys(ZUpdateProjectSchema.shape).sort());
    expect(fields('ProjectGoalInput')).toEqual(Object.keys(ZProjectGoal.shape).sort());
  });
});
