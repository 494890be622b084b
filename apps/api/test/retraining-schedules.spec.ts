// Scheduled retraining end to end on the real stack (PostgreSQL + Redis/BullMQ when reachable):
// a cron schedule put back on the queue at start fires and starts a retraining run that trains,
// pause stops it firing, run now, the per-project concurrency limit (SKIPPED), dedupe (one launch
// per key, even concurrently), catch-up of missed slots at start-up and on a fire, the policy, the
// history with the run, and bad input (422/404/403, nothing written).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RetrainingLauncher, RetrainScheduler, scheduleQueueId } from '@meridian/jobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RetrainScheduleSync } from '../src/retraining/retraining.module';
import { DEMO_SCHEDULE_NAME, seedRetraining } from '../src/seed/retraining-seed';
import { multipart } from './datasets.helpers';
import { createProject, memberOf, signUp, startHarness, unique, waitFor, type Harness, type TestUser } from './harness';

type Schedule = { id: string; name: string; cron: string; timezone: string; paused: boolean; nextRuns: string[]; lastFiredAt: string | null; description: string; lastEvent: { status: string } | null };
type Event = { id: string; status: string; causeKind: string; message: string; runId: string | null; scheduleId: string | null; scheduledFor: string | null; duplicateOfId: string | null; run: { id: string; status: string; championModelVersionId: string | null } | null };
type Run = { id: string; status: string; modelVersionId: string | null; tags: string[]; epochs: number | null; preset: string | null; labelColumn: string | null; datasetVersionId: string | null; error: string | null };

let h: Harness;
let owner: TestUser;
let projectId: string;
let datasetId: string;
let datasetVersionId: string;
let templateRunId: string;
let championId: string;

const api = (path: string) => `/api/orgs/${owner.orgId}${path}`;
const get = async <T>(path: string) => {
  const r = await h.request({ url: api(path), cookie: owner.cookie });
  expect(r.status, r.text).toBe(200);
  return r.json<T>();
};
const post = (path: string, body: unknown = {}, headers: Record<string, string> = {}) => h.request({ method: 'POST', url: api(path), cookie: owner.cookie, body, headers });
const events = async (q = '') => (await get<{ items: Event[] }>(`/retraining/events?limit=200&projectId=${projectId}${q}`)).items;
const getRun = (id: string) => get<Run>(`/runs/${id}`);
const finished = (r: Run) => ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(r.status);

/** Waits until no retraining run of the project is QUEUED or RUNNING (the default limit is 1). */
async function settle(): Promise<void> {
  await waitFor(
    () => h.db.prisma.trainingRun.count({ where: { projectId, retrainEventId: { not: null }, status: { in: ['QUEUED', 'RUNNING'] } } }),
    (n) => n === 0,
    120_000,
  );
}

async function createSchedule(body: Record<string, unknown>): Promise<Schedule> {
  const r = await post('/retraining/schedules', { projectId, name: unique('schedule'), cron: '0 3 * * *', timezone: 'UTC', ...body });
  expect(r.status, r.text).toBe(201);
  return r.json<Schedule>();
}

beforeAll(async () => {
  h = await startHarness();
  owner = await signUp(h);
  projectId = (await createProject(h, { cookie: owner.cookie }, owner.orgId)).id;
  // A small slice of digits-8x8 (300 rows), so every retraining run trains in seconds.
  const lines = (await readFile(join(__dirname, '../../../datasets/digits-8x8.csv'), 'utf8')).split('\n').slice(0, 301).join('\n') + '\n';
  const ds = await post(`/projects/${projectId}/datasets`, { name: 'digits-small' });
  expect(ds.status, ds.text).toBe(201);
  datasetId = ds.json<{ id: string }>().id;
  const up = await h.request({ method: 'POST', url: api(`/datasets/${datasetId}/versions`), cookie: owner.cookie, ...multipart('digits-small.csv', Buffer.from(lines)) });
  expect(up.status, up.text).toBe(201);
  datasetVersionId = up.json<{ version: { id: string } }>().version.id;
  // The template: a normal run, then made champion, as a user would.
  const run = await post('/runs', { projectId, datasetVersionId, labelColumn: 'label', preset: 'mlp-classifier', epochs: 1, name: 'template' });
  expect(run.status, run.text).toBe(202);
  templateRunId = run.json<Run>().id;
  const done = await waitFor(() => getRun(templateRunId), finished, 120_000);
  expect(done.status, done.error ?? '').toBe('SUCCEEDED');
  championId = done.modelVersionId!;
  const alias = await post(`/models/${championId}/aliases/champion`, { reason: 'first model' });
  expect(alias.status, alias.text).toBeLessThan(300);
}, 180_000);

afterAll(async () => {
  await h?.close();
});

describe(`scheduled retraining (${process.env.MERIDIAN_TEST_DB ?? 'auto'} db, ${process.env.MERIDIAN_TEST_QUEUE ?? 'auto'} queue)`, () => {
  it('refuses bad input with a clear 422/404/403 and writes nothing', async () => {
    const before = await h.db.prisma.retrainSchedule.count();
    const base = { projectId, name: 'bad', cron: '0 3 * * *', timezone: 'UTC' };

    const cron = await post('/retraining/schedules', { ...base, cron: '0 25 * * *' });
    expect(cron.status).toBe(422);
    expect(cron.json<{ error: { code: string; message: string; issues: { path: string }[] } }>().error).toMatchObject({ code: 'UNPROCESSABLE', issues: [{ path: 'cron' }] });
    expect(cron.text).toContain('not a valid cron');

    const fields = await post('/retraining/schedules', { ...base, cron: '0 0 3 * * *' });
    expect(fields.status).toBe(422);
    expect(fields.text).toContain('give 5');
    const short = await post('/retraining/schedules', { ...base, cron: '0 3 *' });
    expect(short.status).toBe(422);
    expect(short.text).toContain('has 3 fields');

    const tz = await post('/retraining/schedules', { ...base, timezone: 'Mars/Olympus' });
    expect(tz.status).toBe(422);
    expect(tz.json<{ error: { issues: { path: string; message: string }[] } }>().error.issues[0]).toMatchObject({ path: 'timezone', message: expect.stringContaining('Mars/Olympus') });

    const project = await post('/retraining/schedules', { ...base, projectId: 'no-such-project' });
    expect(project.status).toBe(404);
    expect(project.text).toContain('project not found');

    const otherProject = (await createProject(h, { cookie: owner.cookie }, owner.orgId)).id;
    const foreignTemplate = await post('/retraining/schedules', { ...base, projectId: otherProject, templateRunId });
    expect(foreignTemplate.status).toBe(422);
    expect(foreignTemplate.text).toContain('templateRunId');
    const foreignDataset = await post('/retraining/schedules', { ...base, projectId: otherProject, datasetId });
    expect(foreignDataset.status).toBe(422);

    const shape = await post('/retraining/schedules', { ...base, catchUp: 'SOMETIMES' });
    expect(shape.status).toBe(400);

    const viewer = await memberOf(h, owner, 'VIEWER');
    expect((await h.request({ url: api('/retraining/schedules'), cookie: viewer.cookie })).status).toBe(200);
    expect((await h.request({ method: 'POST', url: api('/retraining/schedules'), cookie: viewer.cookie, body: base })).status).toBe(403);
    expect((await h.request({ method: 'PUT', url: api(`/projects/${projectId}/retraining-policy`), cookie: viewer.cookie, body: { maxConcurrent: 3, autoPromote: false, promoteMargin: 0.01, compareMetric: null } })).status).toBe(403);

    const outsider = await signUp(h);
    expect((await h.request({ url: api('/retraining/schedules'), cookie: outsider.cookie })).status).toBe(404);

    expect(await h.db.prisma.retrainSchedule.count()).toBe(before);
    expect(await h.db.prisma.retrainEvent.count()).toBe(0);

    const preview = await get<{ description: string; next: string[] }>(`/retraining/cron-preview?cron=${encodeURIComponent('0 3 * * 1-5')}&timezone=Europe/Paris&count=2`);
    expect(preview.description).toBe('At 03:00, Monday through Friday');
    expect(preview.next).toHaveLength(2);
    expect((await h.request({ url: api(`/retraining/cron-preview?cron=${encodeURIComponent('0 3 * * *')}&timezone=Nowhere`), cookie: owner.cookie })).status).toBe(422);
  });

  it('shows next fire times computed in the schedule time zone', async () => {
    const s = await createSchedule({ cron: '30 2 * * *', timezone: 'Asia/Tokyo', paused: true });
    expect(s.nextRuns).toEqual([]); // paused: nothing will fire
    const resumed = (await post(`/retraining/schedules/${s.id}/resume`)).json<Schedule>();
    expect(resumed.nextRuns).toHaveLength(3);
    // 02:30 in Tokyo (UTC+9) is 17:30 UTC.
    for (const t of resumed.nextRuns) expect(t).toMatch(/T17:30:00\.000Z$/);
    expect(resumed.description).toBe('At 02:30');
    const del = await h.request({ method: 'DELETE', url: api(`/retraining/schedules/${s.id}`), cookie: owner.cookie });
    expect(del.status).toBe(204);
    expect((await h.request({ url: api(`/retraining/schedules/${s.id}`), cookie: owner.cookie })).status).toBe(404);
  });

  it('a cron schedule put back on the queue at start fires and starts a retraining run that trains; pause stops it', async () => {
    const s = await createSchedule({ name: 'every minute', cron: '* * * * *' });
    // What a Redis flush (or a restart of the in-process queue) does: the queue forgets the
    // schedule. The start-up sync puts it back from the database.
    await h.queue.removeSchedule(scheduleQueueId(s.id));
    await h.api.app.get(RetrainScheduleSync).onApplicationBootstrap();

    const fired = await waitFor(() => events(`&scheduleId=${s.id}`), (list) => list.some((e) => e.causeKind === 'SCHEDULE' && e.status === 'STARTED'), 90_000);
    const ev = fired.find((e) => e.causeKind === 'SCHEDULE' && e.status === 'STARTED')!;
    // Pause at once (before the next minute's slot): the next slot must pass without firing.
    const paused = await post(`/retraining/schedules/${s.id}/pause`);
    expect(paused.status).toBe(200);
    expect(paused.json<Schedule>()).toMatchObject({ paused: true, nextRuns: [] });
    expect(await h.db.prisma.auditLog.count({ where: { organizationId: owner.orgId, action: 'retrain_schedule.pause', targetId: s.id } })).toBe(1);
    expect(ev.message).toContain('Started run');
    expect(new Date(ev.scheduledFor!).getUTCSeconds()).toBe(0);
    const run = await waitFor(() => getRun(ev.runId!), finished, 120_000);
    expect(run.status, run.error ?? '').toBe('SUCCEEDED');
    expect(run.modelVersionId).toBeTruthy();
    expect(run.tags).toEqual(expect.arrayContaining(['retraining', 'schedule']));
    // A copy of the champion's run on the newest version of its dataset.
    expect(run).toMatchObject({ preset: 'mlp-classifier', labelColumn: 'label', epochs: 1, datasetVersionId });
    const row = await h.db.prisma.trainingRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(row.retrainEventId).toBe(ev.id);
    expect(row.championModelVersionId).toBe(championId);
    const after = await get<Schedule>(`/retraining/schedules/${s.id}`);
    const lastFiredAt = after.lastFiredAt;
    expect(lastFiredAt! >= ev.scheduledFor!).toBe(true);
    expect(after.lastEvent?.status).toBe('STARTED');

    const count = (await events(`&scheduleId=${s.id}`)).length;
    const nextSlot = Math.ceil((Date.now() + 1) / 60_000) * 60_000;
    await new Promise((r) => setTimeout(r, nextSlot - Date.now() + 8_000));
    expect(await events(`&scheduleId=${s.id}`)).toHaveLength(count);
    expect((await h.db.prisma.retrainSchedule.findUniqueOrThrow({ where: { id: s.id } })).lastFiredAt?.toISOString()).toBe(lastFiredAt);
    await settle();
  }, 300_000);

  it('run now starts a retraining (MANUAL); a second one while it runs is SKIPPED by the concurrency limit; the policy raises it', async () => {
    await settle();
    const s = await createSchedule({ name: 'nightly' });
    const first = await post(`/retraining/schedules/${s.id}/run-now`);
    expect(first.status, first.text).toBe(200);
    const started = first.json<{ status: string; runId: string; eventId: string; event: Event }>();
    expect(started.status).toBe('STARTED');
    expect(started.event).toMatchObject({ causeKind: 'MANUAL', status: 'STARTED', scheduleId: s.id, runId: started.runId });
    expect(started.event.run).toMatchObject({ id: started.runId, championModelVersionId: championId });

    // The first is still queued or running: the default policy allows one at a time.
    const second = (await post(`/retraining/schedules/${s.id}/run-now`)).json<{ status: string; reason: string; event: Event }>();
    expect(second.status).toBe('SKIPPED');
    expect(second.reason).toContain('already queued or running');
    expect(second.reason).toContain('maxConcurrent');
    expect(second.event.runId).toBeNull();

    const policy = await h.request({ method: 'PUT', url: api(`/projects/${projectId}/retraining-policy`), cookie: owner.cookie, body: { maxConcurrent: 2, autoPromote: true, promoteMargin: 0.02, compareMetric: null } });
    expect(policy.status, policy.text).toBe(200);
    expect(policy.json()).toMatchObject({ maxConcurrent: 2, autoPromote: true, promoteMargin: 0.02, effectiveCompareMetric: 'accuracy', stored: true });
    const third = (await post(`/retraining/schedules/${s.id}/run-now`)).json<{ status: string; runId: string }>();
    expect(third.status).toBe('STARTED');

    for (const id of [started.runId, third.runId]) expect((await waitFor(() => getRun(id), finished, 120_000)).status).toBe('SUCCEEDED');
    const history = await events(`&scheduleId=${s.id}`);
    expect(history.map((e) => e.status)).toEqual(['STARTED', 'SKIPPED', 'STARTED']);
    expect(history[0].run?.status).toBe('SUCCEEDED');
    // champ's challenger-vs-champion comparison of the retraining run shows in the history.
    type WithComparison = Event & { comparison: { status: string; metric: string | null; challengerValue: number | null; championValue: number | null; decision: string | null } | null };
    const compared = await waitFor(() => get<WithComparison>(`/retraining/events/${started.eventId}`), (e) => e.comparison !== null && !['QUEUED', 'RUNNING'].includes(e.comparison.status), 120_000);
    expect(compared.comparison).toMatchObject({ status: 'SUCCEEDED', metric: 'accuracy' });
    expect(compared.comparison!.challengerValue).toEqual(expect.any(Number));
    expect(compared.comparison!.championValue).toEqual(expect.any(Number));
    expect(compared.comparison!.decision).toEqual(expect.any(String));
    const audit = await h.db.prisma.auditLog.findMany({ where: { organizationId: owner.orgId, action: { startsWith: 'retrain' } }, select: { action: true } });
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['retrain_schedule.create', 'retrain_schedule.run_now', 'retrain_policy.update']));
    await h.request({ method: 'PUT', url: api(`/projects/${projectId}/retraining-policy`), cookie: owner.cookie, body: { maxConcurrent: 1, autoPromote: false, promoteMargin: 0.01, compareMetric: null } });
  }, 300_000);

  it('dedupes: the same key launches once, even when requests race', async () => {
    await settle();
    const s = await createSchedule({ name: 'dedupe' });
    const a = (await post(`/retraining/schedules/${s.id}/run-now`, {}, { 'idempotency-key': 'k-1' })).json<{ status: string; eventId: string; runId: string }>();
    const b = (await post(`/retraining/schedules/${s.id}/run-now`, {}, { 'idempotency-key': 'k-1' })).json<{ status: string; duplicateOfId: string; event: Event }>();
    expect(a.status).toBe('STARTED');
    expect(b).toMatchObject({ status: 'DUPLICATE', duplicateOfId: a.eventId });
    expect(b.event.message).toContain(a.eventId);
    await settle();

    // Three launches of one key at once (two API replicas and a retry): one decision, two duplicates.
    const launcher = h.api.app.get(RetrainingLauncher);
    const req = { organizationId: owner.orgId, projectId, cause: { kind: 'MANUAL' as const, scheduleId: s.id, userId: null }, dedupeKey: unique('race') };
    const results = await Promise.all([launcher.launch(req), launcher.launch(req), launcher.launch(req)]);
    expect(results.filter((r) => r.status === 'STARTED')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'DUPLICATE')).toHaveLength(2);
    expect(await h.db.prisma.retrainEvent.count({ where: { projectId, dedupeKey: req.dedupeKey } })).toBe(1);
    expect(await h.db.prisma.trainingRun.count({ where: { retrainEvent: { is: { dedupeKey: req.dedupeKey } } } })).toBe(1);

    // A wrong request is refused without an event.
    await expect(launcher.launch({ ...req, projectId: 'nope', dedupeKey: 'x' })).rejects.toThrow('does not exist');
    await settle();
  }, 240_000);

  it('catch-up at start-up: RUN_ONCE launches the latest missed slot and records the rest as one SKIPPED event; SKIP launches none', async () => {
    await settle();
    const hour = 3_600_000;
    const now = new Date();
    const lastHour = new Date(Math.floor(now.getTime() / hour) * hour);
    const once = await createSchedule({ name: 'hourly run-once', cron: '0 * * * *', catchUp: 'RUN_ONCE' });
    const skip = await createSchedule({ name: 'hourly skip', cron: '0 * * * *', catchUp: 'SKIP' });
    // As if the platform was down for 5 hours: the slots after lastFiredAt were missed.
    const downSince = new Date(lastHour.getTime() - 5 * hour + 60_000);
    await h.db.prisma.retrainSchedule.updateMany({ where: { id: { in: [once.id, skip.id] } }, data: { lastFiredAt: downSince } });

    await h.api.app.get(RetrainScheduler).syncAll(now);
    const onceEvents = await events(`&scheduleId=${once.id}`);
    expect(onceEvents.map((e) => e.status).sort()).toEqual(['SKIPPED', 'STARTED']);
    expect(onceEvents.find((e) => e.status === 'STARTED')!.scheduledFor).toBe(lastHour.toISOString());
    expect(onceEvents.find((e) => e.status === 'SKIPPED')!.message).toMatch(/^Skipped 4 missed slots .* RUN_ONCE runs only the most recent one/);
    const skipEvents = await events(`&scheduleId=${skip.id}`);
    expect(skipEvents).toHaveLength(1);
    expect(skipEvents[0]).toMatchObject({ status: 'SKIPPED', runId: null });
    expect(skipEvents[0].message).toMatch(/^Skipped 5 missed slots .*SKIP/);
    for (const id of [once.id, skip.id]) expect((await h.db.prisma.retrainSchedule.findUniqueOrThrow({ where: { id } })).lastFiredAt?.toISOString()).toBe(lastHour.toISOString());

    // A second start (another replica) finds nothing left to do.
    await h.api.app.get(RetrainScheduler).syncAll(new Date());
    expect(await events(`&scheduleId=${once.id}`)).toHaveLength(2);
    expect(await events(`&scheduleId=${skip.id}`)).toHaveLength(1);
    await settle();
  }, 240_000);

  it('catch-up on a late fire: RUN_ALL launches each missed slot, each within the concurrency limit; a slot is handled once', async () => {
    await settle();
    const s = await createSchedule({ name: 'daily run-all', cron: '0 3 * * *', catchUp: 'RUN_ALL' });
    await h.db.prisma.retrainSchedule.update({ where: { id: s.id }, data: { lastFiredAt: new Date('2026-01-01T03:00:00Z') } });
    const scheduler = h.api.app.get(RetrainScheduler);
    // The 4 January slot fires late (a worker was down): 2 and 3 January were missed.
    const fired = await scheduler.fire(owner.orgId, s.id, new Date('2026-01-04T03:00:00Z'));
    expect(fired.status).toBe('HANDLED');
    expect(fired.slots.map((o) => [o.slot, o.result.status])).toEqual([
      ['2026-01-02T03:00:00.000Z', 'STARTED'],
      ['2026-01-03T03:00:00.000Z', 'SKIPPED'],
      ['2026-01-04T03:00:00.000Z', 'SKIPPED'],
    ]);
    expect(fired.skippedEventId).toBeNull();
    // Redelivered (BullMQ retry) or an older slot arriving late: nothing new.
    expect((await scheduler.fire(owner.orgId, s.id, new Date('2026-01-04T03:00:00Z'))).status).toBe('ALREADY_HANDLED');
    expect((await scheduler.fire(owner.orgId, s.id, new Date('2026-01-03T03:00:00Z'))).status).toBe('ALREADY_HANDLED');
    // Not a slot of this cron (a job of a previous cron): ignored.
    expect((await scheduler.fire(owner.orgId, s.id, new Date('2026-01-05T04:00:00Z'))).status).toBe('NOT_A_SLOT');
    expect(await events(`&scheduleId=${s.id}`)).toHaveLength(3);
    // Paused or deleted: taken off the queue, nothing launched.
    await post(`/retraining/schedules/${s.id}/pause`);
    expect((await scheduler.fire(owner.orgId, s.id, new Date('2026-01-05T03:00:00Z'))).status).toBe('PAUSED');
    await settle();
  }, 240_000);

  it('policy: defaults until saved, validated, per project', async () => {
    const other = (await createProject(h, { cookie: owner.cookie }, owner.orgId, { goal: { statement: 'be accurate', metric: 'f1', threshold: 0.9 } })).id;
    const p = await get<{ maxConcurrent: number; stored: boolean; effectiveCompareMetric: string }>(`/projects/${other}/retraining-policy`);
    expect(p).toMatchObject({ maxConcurrent: 1, autoPromote: false, promoteMargin: 0.01, compareMetric: null, stored: false, effectiveCompareMetric: 'f1' });
    const bad = await h.request({ method: 'PUT', url: api(`/projects/${other}/retraining-policy`), cookie: owner.cookie, body: { maxConcurrent: 0, autoPromote: false, promoteMargin: 2, compareMetric: null } });
    expect(bad.status).toBe(400);
    expect(bad.json<{ error: { issues: { path: string }[] } }>().error.issues.map((i) => i.path).sort()).toEqual(['maxConcurrent', 'promoteMargin']);
    expect((await h.request({ url: api('/projects/nope/retraining-policy'), cookie: owner.cookie })).status).toBe(404);
    expect(await h.db.prisma.retrainPolicy.count({ where: { projectId: other } })).toBe(0);
  });


  it('the demo seed adds a nightly schedule once, on the queue, with its next runs', async () => {
    const demo = await createProject(h, { cookie: owner.cookie }, owner.orgId, { name: 'Churn Radar' });
    expect(await seedRetraining(h.db.prisma, h.queue, owner.orgId)).toEqual({ created: true });
    expect(await seedRetraining(h.db.prisma, h.queue, owner.orgId)).toEqual({ created: false });
    const list = await get<Schedule[]>(`/retraining/schedules?projectId=${demo.id}`);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ name: DEMO_SCHEDULE_NAME, cron: '0 3 * * *', timezone: 'Europe/Paris', paused: false });
    expect(list[0].nextRuns).toHaveLength(3);
    await h.request({ method: 'DELETE', url: api(`/retraining/schedules/${list[0].id}`), cookie: owner.cookie });
  });

  it('a project with nothing to copy: run now is SKIPPED with the reason, and nothing is queued', async () => {
    const empty = (await createProject(h, { cookie: owner.cookie }, owner.orgId)).id;
    const jobsBefore = await h.db.prisma.jobRecord.count({ where: { organizationId: owner.orgId } });
    const r = await post('/retraining/schedules', { projectId: empty, name: 'nothing yet', cron: '0 3 * * *' });
    expect(r.status, r.text).toBe(201);
    const res = (await post(`/retraining/schedules/${r.json<Schedule>().id}/run-now`)).json<{ status: string; reason: string; event: Event }>();
    expect(res.status).toBe('SKIPPED');
    expect(res.reason).toContain('no successful training run to copy');
    expect(res.event).toMatchObject({ status: 'SKIPPED', causeKind: 'MANUAL', runId: null });
    expect(await h.db.prisma.trainingRun.count({ where: { projectId: empty } })).toBe(0);
    expect(await h.db.prisma.jobRecord.count({ where: { organizationId: owner.orgId } })).toBe(jobsBefore);
    // The same without a schedule, for the project; an unknown project is a 404 and records nothing.
    const direct = (await post('/retraining/run-now', { projectId: empty })).json<{ status: string; event: Event }>();
    expect(direct).toMatchObject({ status: 'SKIPPED', event: { causeKind: 'MANUAL', scheduleId: null } });
    const eventCount = await h.db.prisma.retrainEvent.count();
    expect((await post('/retraining/run-now', { projectId: 'nope' })).status).toBe(404);
    expect(await h.db.prisma.retrainEvent.count()).toBe(eventCount);
  });

  it('edits a schedule: a new cron and time zone count from now; a bad edit changes nothing', async () => {
    const s = await createSchedule({ name: 'to edit', cron: '0 3 * * *', timezone: 'UTC' });
    await h.db.prisma.retrainSchedule.update({ where: { id: s.id }, data: { lastFiredAt: new Date('2026-01-01T03:00:00Z') } });
    const patch = (body: unknown) => h.request({ method: 'PATCH', url: api(`/retraining/schedules/${s.id}`), cookie: owner.cookie, body });
    const bad = await patch({ cron: '0 0 3 * * *' });
    expect(bad.status).toBe(422);
    expect((await h.db.prisma.retrainSchedule.findUniqueOrThrow({ where: { id: s.id } })).cron).toBe('0 3 * * *');
    expect((await patch({})).status).toBe(400);
    const other = await createSchedule({ name: 'edit neighbour' });
    const taken = await patch({ name: 'edit neighbour' });
    expect(taken.status).toBe(409);
    const ok = await patch({ name: 'edited', cron: '15 4 * * 0', timezone: 'America/New_York', catchUp: 'RUN_ONCE' });
    expect(ok.status, ok.text).toBe(200);
    const v = ok.json<Schedule & { catchUp: string }>();
    expect(v).toMatchObject({ name: 'edited', cron: '15 4 * * 0', timezone: 'America/New_York', catchUp: 'RUN_ONCE', description: 'At 04:15, only on Sunday' });
    for (const t of v.nextRuns) expect(new Date(t).getUTCDay()).toBe(0); // Sunday 04:15 in New York is Sunday 08:15/09:15 UTC
    // Slots of the old cron before the edit are not missed slots of the new one.
    expect(new Date(v.lastFiredAt!).getTime()).toBeGreaterThan(Date.now() - 60_000);
    for (const id of [s.id, other.id]) await h.request({ method: 'DELETE', url: api(`/retraining/schedules/${id}`), cookie: owner.cookie });
  });
  it('a template that no longer fits the newest data: FAILED with the reason, no run, and the key stays free', async () => {
    await settle();
    const up = await h.request({ method: 'POST', url: api(`/datasets/${datasetId}/versions`), cookie: owner.cookie, ...multipart('renamed.csv', Buffer.from('pixel_0,target\n1,2\n3,4\n')) });
    expect(up.status, up.text).toBe(201);
    const s = await createSchedule({ name: 'misfit' });
    const r = (await post(`/retraining/schedules/${s.id}/run-now`, {}, { 'idempotency-key': 'misfit-1' })).json<{ status: string; reason: string; event: Event }>();
    expect(r.status).toBe('FAILED');
    expect(r.reason).toContain('"label" is not a column');
    expect(r.event.runId).toBeNull();
    const again = (await post(`/retraining/schedules/${s.id}/run-now`, {}, { 'idempotency-key': 'misfit-1' })).json<{ status: string }>();
    expect(again.status).toBe('FAILED'); // retried, not a DUPLICATE of a failure
    expect(await h.db.prisma.trainingRun.count({ where: { retrainEvent: { is: { scheduleId: s.id } } } })).toBe(0);
  });
});
