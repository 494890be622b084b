// Demo runs: two runs logged from outside Meridian on Churn Radar (a scikit-learn baseline and a
// gradient-boosting run) with their learning curves, so the runs list, a run's curves and compare
// have something to show before anyone trains. Idempotent: skipped when the runs exist.
import { newId, type PrismaClient } from '@meridian/db';

const RUNS = [
  { name: 'Logistic regression baseline (scikit-learn)', params: { model: 'logreg', C: 1, penalty: 'l2' }, epochs: 40, floor: 0.42, final: 0.81 },
  { name: 'Gradient boosting (XGBoost, depth 6)', params: { model: 'xgboost', max_depth: 6, eta: 0.1 }, epochs: 60, floor: 0.31, final: 0.87 },
];

export async function seedRuns(prisma: PrismaClient, organizationId: string, now = new Date()): Promise<{ created: boolean }> {
  const project = await prisma.project.findFirst({ where: { organizationId, name: 'Churn Radar' }, select: { id: true } });
  if (!project) return { created: false };
  if ((await prisma.trainingRun.count({ where: { organizationId, projectId: project.id, external: true } })) > 0) return { created: false };
  await prisma.$transaction(async (tx) => {
    for (const [i, r] of RUNS.entries()) {
      const id = newId();
      const started = new Date(now.getTime() - (3 - i) * 86_400_000);
      await tx.trainingRun.create({
        data: {
          id,
          organizationId,
          projectId: project.id,
          name: r.name,
          external: true,
          backendRequested: 'external',
          status: 'SUCCEEDED',
          params: r.params,
          tags: ['demo', 'baseline'],
          epochsDone: r.epochs,
          progress: 100,
          testMetrics: { accuracy: r.final, f1: r.final - 0.04 },
          startedAt: started,
          finishedAt: new Date(started.getTime() + r.epochs * 20_000),
        },
      });
      const points = [];
      for (let e = 1; e <= r.epochs; e++) {
        const t = e / r.epochs;
        points.push({ runId: id, key: 'loss', step: e, value: r.floor + (1.2 - r.floor) * Math.exp(-4 * t) + 0.01 * Math.sin(e), time: new Date(started.getTime() + e * 20_000) });
        points.push({ runId: id, key: 'val_loss', step: e, value: r.floor + 0.05 + (1.2 - r.floor) * Math.exp(-3.5 * t) + 0.015 * Math.cos(e), time: new Date(started.getTime() + e * 20_000) });
        points.push({ runId: id, key: 'accuracy', step: e, value: 0.5 + (r.final + 0.03 - 0.5) * (1 - Math.exp(-4 * t)), time: new Date(started.getTime() + e * 20_000) });
        points.push({ runId: id, key: 'val_accuracy', step: e, value: 0.5 + (r.final - 0.5) * (1 - Math.exp(-3.5 * t)), time: new Date(started.getTime() + e * 20_000) });
      }
      await tx.runMetric.createMany({ data: points, skipDuplicates: true });
    }
  });
  return { created: true };
}
