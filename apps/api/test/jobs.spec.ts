// The export path end to end: the API records and queues project.export, the processors (in this
// process here; apps/worker in production) run it on the real queue, and the job shows SUCCEEDED.
import { JobName } from '@meridian/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, createProject, signUp, startHarness, waitFor, type Harness, type TestUser } from './harness';

let h: Harness;
let u: TestUser;
beforeAll(async () => {
  h = await startHarness();
  u = await signUp(h);
});
afterAll(async () => h?.close());

type Job = { id: string; name: string; status: string; progress: number; result: { format: string; project: { id: string; name: string }; auditTrail: { action: string }[] } | null; attempts: number; finishedAt: string | null };

describe(`project.export on the ${process.env.MERIDIAN_TEST_QUEUE ?? 'auto'} queue`, () => {
  it('queues the export and the job completes with the exported project', async () => {
    const p = await createProject(h, { cookie: u.cookie }, u.orgId, { name: 'Exported project' });
    const res = await h.request({ method: 'POST', url: `/api/orgs/${u.orgId}/projects/${p.id}/exports`, cookie: u.cookie });
    expect(res.status, res.text).toBe(202);
    const queued = res.json<Job>();
    expect(queued).toMatchObject({ name: JobName.ProjectExport, status: 'QUEUED' });
    const done = await waitFor(
      async () => (await h.request({ url: `/api/orgs/${u.orgId}/jobs/${queued.id}`, cookie: u.cookie })).json<Job>(),
      (j) => j.status === 'SUCCEEDED' || j.status === 'FAILED',
    );
    expect(done.status).toBe('SUCCEEDED');
    expect(done.progress).toBe(100);
    expect(done.finishedAt).not.toBeNull();
    expect(done.result!.project).toMatchObject({ id: p.id, name: 'Exported project' });
    expect(done.result!.auditTrail.map((a) => a.action)).toContain('project.create');
    const list = await h.request({ url: `/api/orgs/${u.orgId}/jobs?limit=10`, cookie: u.cookie });
    expect(list.json<{ items: Job[] }>().items.map((j) => j.id)).toContain(queued.id);
    console.info(`[jobs.spec] export ran on queue=${h.mode.queue}, db=${h.mode.db}`);
  });

  it('the same Idempotency-Key returns the same job', async () => {
    const p = await createProject(h, { cookie: u.cookie }, u.orgId);
    const key = await createApiKey(h, u, 'MEMBER');
    const send = () => h.request({ method: 'POST', url: `/api/orgs/${u.orgId}/projects/${p.id}/exports`, apiKey: key.key, headers: { 'idempotency-key': `export-${p.id}` } });
    const [a, b] = await Promise.all([send(), send()]);
    const c = await send();
    expect([a.status, b.status, c.status]).toEqual([202, 202, 202]);
    expect(new Set([a.json<Job>().id, b.json<Job>().id, c.json<Job>().id]).size).toBe(1);
    expect(await h.db.prisma.jobRecord.count({ where: { organizationId: u.orgId, idempotencyKey: `export-${p.id}` } })).toBe(1);
    const other = await createProject(h, { cookie: u.cookie }, u.orgId);
    const reused = await h.request({ method: 'POST', url: `/api/orgs/${u.orgId}/projects/${other.id}/exports`, apiKey: key.key, headers: { 'idempotency-key': `export-${p.id}` } });
    expect(reused.status).toBe(409);
  });

  it('exporting a project that does not exist answers 404 and queues nothing', async () => {
    const before = await h.db.prisma.jobRecord.count();
    const res = await h.request({ method: 'POST', url: `/api/orgs/${u.orgId}/projects/01nonexistent00000000000000/exports`, cookie: u.cookie });
    expect(res.status).toBe(404);
    expect(await h.db.prisma.jobRecord.count()).toBe(before);
  });
});
