// Demo retraining: a nightly schedule on Churn Radar (03:00 Paris time, catching up once after
// downtime), so the Retraining page shows a schedule with its next runs from the first start. It
// launches through the real launcher like any schedule: until the project has a model trained here,
// each night is recorded as skipped with the reason. Idempotent: skipped when the schedule exists.
import { newId, type PrismaClient } from '@meridian/db';
import { syncScheduleToQueue } from '@meridian/jobs';
import type { JobQueue } from '@meridian/queue';

export const DEMO_SCHEDULE_NAME = 'Nightly retraining';

export async function seedRetraining(prisma: PrismaClient, queue: JobQueue, organizationId: string): Promise<{ created: boolean }> {
  const project = await prisma.project.findFirst({ where: { organizationId, name: 'Churn Radar' }, select: { id: true } });
  if (!project) return { created: false };
  if (await prisma.retrainSchedule.findFirst({ where: { projectId: project.id, name: DEMO_SCHEDULE_NAME }, select: { id: true } })) return { created: false };
  const schedule = await prisma.retrainSchedule.create({
    data: { id: newId(), organizationId, projectId: project.id, name: DEMO_SCHEDULE_NAME, cron: '0 3 * * *', timezone: 'Europe/Paris', catchUp: 'RUN_ONCE', lastFiredAt: new Date() },
  });
  // The start-up sync ran before the seed: put this one on the queue now.
  await syncScheduleToQueue(queue, schedule);
  return { created: true };
}
