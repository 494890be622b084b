// Creating runs on the real stack: a spec that does not fit the dataset version's data is refused
// with 422 before anything is written or queued (input size after exclusions, output units per
// class, a regression spec on a class label), and Idempotency-Key: the same key with the same body
// answers the first run, with another body 409 IDEMPOTENCY_KEY_REUSED naming what differs.
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart } from './datasets.helpers';
import { createProject, signUp, startHarness, waitFor, type Harness, type TestUser } from './harness';

const DIGITS = join(__dirname, '../../../datasets/digits-8x8.csv');

type ErrorBody = { error: { code: string; message: string; issues?: Array<{ path: string; message: string }> } };
type Run = { id: string; status: string; epochs: number | null; spec: { inputShape: number[] } | null };

let h: Harness;
let u: TestUser;
let projectId: string;
let datasetVersionId: string;
let artifactsDir: string;

const mlp = (inputShape: number[], units = 10) => ({
  name: 'digits-dense',
  task: 'multiclass',
  inputShape,
  layers: [
    { type: 'dense', units: 16, activation: 'relu' },
    { type: 'dense', units, activation: 'softmax' },
  ],
  optimizer: { type: 'adam', learningRate: 0.01 },
  loss: 'sparseCategoricalCrossentropy',
  metrics: ['accuracy'],
});

const post = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  h.request({ method: 'POST', url: `/api/orgs/${u.orgId}/runs`, cookie: u.cookie, headers, body: { projectId, datasetVersionId, labelColumn: 'label', epochs: 1, ...body } });
const counts = async () => ({
  runs: await h.db.prisma.trainingRun.count({ where: { organizationId: u.orgId } }),
  jobs: await h.db.prisma.jobRecord.count({ where: { organizationId: u.orgId } }),
});
const cancel = (id: string) => h.request({ method: 'POST', url: `/api/orgs/${u.orgId}/runs/${id}/cancel`, cookie: u.cookie });

beforeAll(async () => {
  artifactsDir = await mkdtemp(join(tmpdir(), 'runs-create-artifacts-'));
  h = await startHarness({ ARTIFACTS_DIR: artifactsDir });
  u = await signUp(h);
  projectId = (await createProject(h, { cookie: u.cookie }, u.orgId)).id;
  const ds = await h.request({ method: 'POST', url: `/api/orgs/${u.orgId}/projects/${projectId}/datasets`, cookie: u.cookie, body: { name: 'digits' } });
  expect(ds.status, ds.text).toBe(201);
  const datasetId = ds.json<{ id: string }>().id;
  const up = await h.request({ method: 'POST', url: `/api/orgs/${u.orgId}/datasets/${datasetId}/versions`, cookie: u.cookie, ...multipart('digits-8x8.csv', await readFile(DIGITS)) });
  expect(up.status, up.text).toBe(201);
  datasetVersionId = up.json<{ version: { id: string } }>().version.id;
  const v = await waitFor(
    async () => (await h.request({ url: `/api/orgs/${u.orgId}/datasets/${datasetId}/versions/${datasetVersionId}`, cookie: u.cookie })).json<{ profileStatus: string; profileError: string | null }>(),
    (x) => x.profileStatus === 'READY' || x.profileStatus === 'FAILED',
    60_000,
  );
  expect(v.profileStatus, v.profileError ?? '').toBe('READY');
}, 90_000);
afterAll(async () => {
  await h?.close();
  await rm(artifactsDir, { recursive: true, force: true });
});

describe('a spec that does not fit the data is refused at creation', () => {
  it('input shape: 422 naming spec.inputShape and the 64 values a digits row has; nothing written', async () => {
    const before = await counts();
    const res = await post({ spec: mlp([30]) });
    expect(res.status, res.text).toBe(422);
    const { error } = res.json<ErrorBody>();
    expect(error.code).toBe('UNPROCESSABLE');
    expect(error.issues).toEqual([{ path: 'spec.inputShape', message: expect.stringMatching(/have 64 values after preprocessing \(64 feature columns; label "label" left out\) but the model input \[30\] needs 30; set inputShape to \[64\]/) }]);
    expect(await counts()).toEqual(before);
  });

  it('exclusions count: excluding 4 pixel columns leaves 60 values, so [64] is refused and [60] is queued', async () => {
    const transform = { exclude: ['px0', 'px1', 'px2', 'px3'] };
    const refused = await post({ spec: mlp([64]), transform });
    expect(refused.status, refused.text).toBe(422);
    expect(refused.json<ErrorBody>().error.issues?.[0]).toMatchObject({ path: 'spec.inputShape', message: expect.stringMatching(/have 60 values .*excluded "px0", "px1", "px2", "px3" left out.*set inputShape to \[60\]/) });
    const ok = await post({ spec: mlp([60]), transform });
    expect(ok.status, ok.text).toBe(202);
    expect(ok.json<Run>()).toMatchObject({ status: 'QUEUED', spec: { inputShape: [60] } });
    expect((await cancel(ok.json<Run>().id)).status).toBe(200);
  });

  it('output units: a multiclass model on the 10 digit classes must end with 10 units', async () => {
    const before = await counts();
    const res = await post({ spec: mlp([64], 3) });
    expect(res.status, res.text).toBe(422);
    expect(res.json<ErrorBody>().error.issues).toEqual([{ path: 'spec.layers.1.units', message: 'label "label" has 10 classes but the model ends with 3 units; end with one unit per class (10)' }]);
    expect(await counts()).toEqual(before);
  });

  it('loss and task: a regression spec on a class label, and a binary one on 10 classes', async () => {
    const regression = { ...mlp([64], 1), task: 'regression', layers: [{ type: 'dense', units: 1, activation: 'linear' }], loss: 'mse', metrics: ['mse'] };
    const r = await post({ spec: regression });
    expect(r.status, r.text).toBe(422);
    expect(r.json<ErrorBody>().error.issues?.[0]).toMatchObject({ path: 'spec.task', message: expect.stringMatching(/holds 10 classes, not numbers; regression needs a numeric label: use task "multiclass"/) });
    const binary = { ...regression, task: 'binary', layers: [{ type: 'dense', units: 1, activation: 'sigmoid' }], loss: 'binaryCrossentropy', metrics: ['accuracy'] };
    const b = await post({ spec: binary });
    expect(b.status, b.text).toBe(422);
    expect(b.json<ErrorBody>().error.issues?.[0]).toMatchObject({ path: 'spec.task', message: expect.stringMatching(/a binary model needs exactly 2/) });
  });

  it('a reshape that does not hold the row is refused for presets too', async () => {
    const res = await post({ preset: 'cnn-image', transform: { reshape: [8, 8, 2] } });
    expect(res.status, res.text).toBe(422);
    expect(res.json<ErrorBody>().error.issues?.[0]).toMatchObject({ path: 'transform.reshape', message: expect.stringMatching(/\[8, 8, 2\] holds 128 values but rows of dataset version .* have 64 values/) });
  });
});

describe('Idempotency-Key', () => {
  it('the same key and body answers the first run; another body with that key is 409 IDEMPOTENCY_KEY_REUSED and writes nothing', async () => {
    const key = `form-${Date.now()}`;
    const spec = mlp([64]);
    const first = await post({ spec }, { 'idempotency-key': key });
    expect(first.status, first.text).toBe(202);
    const run = first.json<Run>();
    // The same body again, its keys in another order (the stored spec is jsonb: key order is not kept).
    const reordered = Object.fromEntries(Object.entries(spec).reverse());
    const again = await post({ spec: reordered }, { 'idempotency-key': key });
    expect(again.status, again.text).toBe(202);
    expect(again.json<Run>().id).toBe(run.id);
    const before = await counts();
    const other = await post({ spec, epochs: 2, split: { fractions: [0.7, 0.15, 0.15] } }, { 'idempotency-key': key });
    expect(other.status, other.text).toBe(409);
    const { error } = other.json<ErrorBody>();
    expect(error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(error.message).toContain(run.id);
    expect(error.issues?.map((i) => i.path)).toEqual(['split', 'epochs']);
    const preset = await post({ preset: 'mlp-classifier' }, { 'idempotency-key': key });
    expect(preset.status).toBe(409);
    expect(preset.json<ErrorBody>().error.issues?.map((i) => i.path)).toEqual(['preset', 'spec']);
    expect(await counts()).toEqual(before);
    expect(await h.db.prisma.trainingRun.count({ where: { organizationId: u.orgId, idempotencyKey: key } })).toBe(1);
    await cancel(run.id);
  });

  it('two requests with one key at the same time make one run', async () => {
    const key = `double-click-${Date.now()}`;
    const [a, b] = await Promise.all([post({ preset: 'mlp-classifier' }, { 'idempotency-key': key }), post({ preset: 'mlp-classifier' }, { 'idempotency-key': key })]);
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(a.json<Run>().id).toBe(b.json<Run>().id);
    expect(await h.db.prisma.trainingRun.count({ where: { organizationId: u.orgId, idempotencyKey: key } })).toBe(1);
    await cancel(a.json<Run>().id);
  });
});

describe('estimate per model', () => {
  type Estimate = { samplesPerSecond: number; seconds: number; epochs: number; costMinor: number; work: { denseMacs: number; convMacs: number; params: number }; assumptions: string };
  const estimate = (body: Record<string, unknown>) => h.request({ method: 'POST', url: `/api/orgs/${u.orgId}/runs/estimate`, cookie: u.cookie, body: { datasetVersionId, ...body } });

  it('a spec is estimated from its own multiply-adds; the preset from the model built for this data', async () => {
    const spec = await estimate({ spec: mlp([64]), labelColumn: 'label', epochs: 10 });
    expect(spec.status, spec.text).toBe(200);
    const s = spec.json<Estimate>();
    // 64x16 + 16x10 = 1,184 multiply-adds: 1 / (21.375 µs + 0.159 µs) = 46,439 samples/s; 1,797 x 0.8 x 10 / 46,439 = 0.31 s.
    expect(s.work).toMatchObject({ denseMacs: 1_184, convMacs: 0, params: 1_210 });
    expect(s.samplesPerSecond).toBe(46_439);
    expect(s.seconds).toBeCloseTo((1_797 * 0.8 * 10) / 46_439, 3);
    expect(s.assumptions).toMatch(/spec "digits-dense": 1,184 multiply-adds and 1,210 parameters per sample/);
    // mlp-classifier built for the 64 digit columns and 10 classes (64-128-10), per the profile.
    const preset = (await h.request({ url: `/api/orgs/${u.orgId}/runs/estimate?datasetVersionId=${datasetVersionId}&preset=mlp-classifier&labelColumn=label`, cookie: u.cookie })).json<Estimate>();
    expect(preset.work).toMatchObject({ denseMacs: 9_472, convMacs: 0 });
    expect(preset.samplesPerSecond).toBe(44_161);
    // cnn-image on digits reshaped to 8x8x1 images: convolutions make it far slower per sample.
    const cnn = await estimate({ preset: 'cnn-image', labelColumn: 'label', transform: { reshape: [8, 8, 1] } });
    expect(cnn.status, cnn.text).toBe(200);
    expect(cnn.json<Estimate>().work.convMacs).toBeGreaterThan(0);
    expect(cnn.json<Estimate>().samplesPerSecond).toBeLessThan(preset.samplesPerSecond / 2);
  });

  it('a spec that does not fit answers 422 with spec.<path>, an invalid one 400', async () => {
    const misfit = await estimate({ spec: mlp([30]), labelColumn: 'label' });
    expect(misfit.status, misfit.text).toBe(422);
    expect(misfit.json<ErrorBody>().error.issues?.[0].path).toBe('spec.inputShape');
    const invalid = await estimate({ spec: { ...mlp([64]), loss: 'nope' } });
    expect(invalid.status).toBe(400);
    expect(invalid.json<ErrorBody>().error.issues?.[0].path).toBe('spec.loss');
  });
});
