// Response shapes of retraining triggers and production metrics for the OpenAPI document; the type
// assertions at the end fail the typecheck if one drifts from the view interfaces in @meridian/domain.
import { RETRAIN_TRIGGER_KINDS, TRIGGER_CHECK_OUTCOMES, type MetricObservationsResult, type ModelMetricSeriesView, type RetrainTriggerCheckView, type RetrainTriggerView, type TriggerEvaluation } from '@meridian/domain';
import { z } from 'zod';

const iso = z.string().describe('ISO 8601 date-time');
const kind = z.enum(RETRAIN_TRIGGER_KINDS);
const launchStatus = z.enum(['STARTED', 'SKIPPED', 'DUPLICATE', 'FAILED']);

export const ZRetrainTriggerView = z.object({
  id: z.string(),
  organizationId: z.string(),
  projectId: z.string(),
  name: z.string(),
  kind,
  enabled: z.boolean(),
  config: z.record(z.string(), z.unknown()),
  cooldownMinutes: z.number().int(),
  lastFiredAt: iso.nullable(),
  coolsDownAt: iso.nullable().describe('When the cooldown lets it fire again; null: now'),
  createdAt: iso,
  updatedAt: iso,
  checks: z.object({ total: z.number().int(), fired: z.number().int() }),
});
export const ZRetrainTriggerListView = z.array(ZRetrainTriggerView);

export const ZRetrainTriggerCheckView = z.object({
  id: z.string(),
  triggerId: z.string(),
  evidenceKey: z.string(),
  outcome: z.enum(TRIGGER_CHECK_OUTCOMES),
  message: z.string(),
  score: z.number().nullable(),
  threshold: z.number().nullable(),
  detail: z.unknown().describe('The drift report, metric window or satisfaction signal behind the decision'),
  launchStatus: launchStatus.nullable(),
  retrainEventId: z.string().nullable(),
  runId: z.string().nullable(),
  riskId: z.string().nullable(),
  createdAt: iso,
});
export const ZRetrainTriggerCheckListView = z.array(ZRetrainTriggerCheckView);

export const ZTriggerEvaluationView = z.object({
  triggerId: z.string(),
  kind,
  wouldFire: z.boolean(),
  canFire: z.boolean(),
  score: z.number().nullable(),
  threshold: z.number().nullable(),
  message: z.string(),
  detail: z.record(z.string(), z.unknown()),
  launch: z.object({ status: launchStatus, eventId: z.string(), runId: z.string().nullable(), reason: z.string().nullable() }).nullable(),
});

export const ZMetricObservationsResultView = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  production: z.boolean(),
  evaluations: z.array(ZTriggerEvaluationView),
});

export const ZModelMetricSeriesView = z.object({
  modelVersionId: z.string(),
  projectId: z.string(),
  aliases: z.array(z.string()),
  series: z.array(z.object({ metric: z.string(), count: z.number().int(), points: z.array(z.object({ t: iso, v: z.number() })) })),
  thresholds: z.array(z.object({ triggerId: z.string(), name: z.string(), metric: z.string(), direction: z.enum(['BELOW', 'ABOVE']), threshold: z.number() })),
});

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const check = <T extends true>(): T => true as T;
check<Same<z.infer<typeof ZRetrainTriggerView>, RetrainTriggerView>>();
check<Same<z.infer<typeof ZRetrainTriggerCheckView>['outcome'], RetrainTriggerCheckView['outcome']>>();
check<Same<z.infer<typeof ZTriggerEvaluationView>['launch'], TriggerEvaluation['launch']>>();
check<Same<z.infer<typeof ZMetricObservationsResultView>['accepted'], MetricObservationsResult['accepted']>>();
check<Same<z.infer<typeof ZModelMetricSeriesView>['thresholds'], ModelMetricSeriesView['thresholds']>>();
