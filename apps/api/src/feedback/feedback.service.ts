import { Injectable, Logger } from '@nestjs/common';
import {
  byModelVersion,
  detectSatisfactionRisks,
  matchesQuery,
  sentiment,
  summarize,
  themes,
  trendByWeek,
  type FeedbackPoint,
  type GroupSummary,
  type RiskSignal,
  type Sentiment,
  type Theme,
} from '@meridian/satisfaction';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ErrorIssue } from '@meridian/domain';
import { AppError } from '../common/app-error';
import type { OrgAccess } from '../common/context';
import { Transactions } from '../common/prisma';
import { satisfactionUrl } from '@meridian/jobs';
import { PlatformRisks, riskFromSatisfaction, type RaisedRisk } from '../platform-risks/platform-risks';
import { FeedbackRepository, type FeedbackKeyRow, type FeedbackRow, type SurveyRow } from './feedback.repository';
import type { CreateFeedbackKeyInput, CreateSurveyInput, FeedbackQuery, PublicFeedbackInput } from './feedback.schemas';
import { FixedWindowLimiter } from './rate-limiter';

const KEY_RE = /^mfk_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;
const sha256 = (v: string) => createHash('sha256').update(v).digest('hex');

function newFeedbackKey(): { key: string; prefix: string; hash: string } {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let prefix = '';
  for (const b of randomBytes(12)) prefix += alphabet[b % alphabet.length];
  const key = `mfk_${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, hash: sha256(key) };
}

/** Per-client-IP and per-key feedback posts per minute (env overrides for operators and tests). */
const limitFromEnv = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : fallback;
};

export const keyView = (k: FeedbackKeyRow) => ({ id: k.id, projectId: k.projectId, name: k.name, prefix: k.prefix, createdAt: k.createdAt.toISOString(), revokedAt: k.revokedAt?.toISOString() ?? null });
export const surveyView = (s: SurveyRow) => ({ id: s.id, projectId: s.projectId, name: s.name, kind: s.kind, question: s.question, active: s.active, createdAt: s.createdAt.toISOString() });
const point = (f: FeedbackRow): FeedbackPoint => ({ createdAt: f.createdAt.toISOString(), nps: f.nps, csat: f.csat, thumbs: f.thumbs, comment: f.comment, modelVersionId: f.modelVersionId });

/** Satisfaction signals found by a risk check (closing the loop: retraining triggers listen, trig). */
export interface SatisfactionSignalsEvent {
  organizationId: string;
  projectId: string;
  signals: RiskSignal[];
  /** The day judged (YYYY-MM-DD); a check of a past day is not a reason to act now. */
  asOf: string;
}
export type SatisfactionSignalsListener = (e: SatisfactionSignalsEvent) => void | Promise<void>;

export interface FeedbackAnalytics {
  projectId: string;
  overall: GroupSummary;
  weeks: GroupSummary[];
  modelVersions: GroupSummary[];
  themes: Theme[];
  comments: { id: string; createdAt: string; comment: string; nps: number | null; csat: number | null; thumbs: boolean | null; modelVersionId: string | null; predictionId: string | null; sentiment: Sentiment }[];
  risks: RiskSignal[];
}

@Injectable()
export class FeedbackService {
  private readonly limiter = new FixedWindowLimiter();
  readonly perIpPerMinute = limitFromEnv('FEEDBACK_RATE_PER_IP_PER_MINUTE', 30);
  readonly perKeyPerMinute = limitFromEnv('FEEDBACK_RATE_PER_KEY_PER_MINUTE', 600);

  private readonly logger = new Logger('Feedback');
  /** Last automatic risk check per project: a flood of feedback must not mean a flood of checks. */
  private readonly lastCheck = new Map<string, number>();

  constructor(
    private readonly repo: FeedbackRepository,
    private readonly tx: Transactions,
    private readonly risks: PlatformRisks,
  ) {}

  private readonly signalListeners: SatisfactionSignalsListener[] = [];

  /** Called after every risk check with the signals it found (retraining triggers, trig); returns an unsubscribe. */
  onSignals(listener: SatisfactionSignalsListener): () => void {
    this.signalListeners.push(listener);
    return () => {
      const i = this.signalListeners.indexOf(listener);
      if (i >= 0) this.signalListeners.splice(i, 1);
    };
  }

  /** Satisfaction signals of a project → MARKET risks in the register (once per dedupe key while open). */
  async checkRisks(organizationId: string, projectId: string, asOf?: string): Promise<RaisedRisk[]> {
    const signals = await this.detectRisks(organizationId, projectId, asOf);
    // Listeners act on their own time: a failing one must not fail the risk check.
    const event: SatisfactionSignalsEvent = { organizationId, projectId, signals, asOf: asOf ?? new Date().toISOString().slice(0, 10) };
    for (const l of this.signalListeners) {
      Promise.resolve()
        .then(() => l(event))
        .catch((e: unknown) => this.logger.warn(`a satisfaction signal listener failed: ${e instanceof Error ? e.message : String(e)}`));
    }
    return this.risks.raise(
      organizationId,
      signals.map((s) => riskFromSatisfaction(projectId, s, satisfactionUrl(organizationId, projectId))),
    );
  }

  /** checkRisks for a dashboard caller: 404 unless the project is in the caller's organisation. */
  async checkProjectRisks(org: OrgAccess, projectId: string, asOf?: string): Promise<RaisedRisk[]> {
    await this.project(org, projectId);
    return this.checkRisks(org.organizationId, projectId, asOf);
  }

  private afterFeedback(organizationId: string, projectId: string): void {
    const now = Date.now();
    if ((this.lastCheck.get(projectId) ?? 0) > now - 10 * 60_000) return;
    this.lastCheck.set(projectId, now);
    this.checkRisks(organizationId, projectId).catch((e: unknown) => this.logger.warn(`satisfaction risk check failed: ${e instanceof Error ? e.message : String(e)}`));
  }

  private async project(org: OrgAccess, projectId: string): Promise<void> {
    if (!(await this.repo.projectExists(org.organizationId, projectId))) throw AppError.notFound('project');
  }

  // ---- keys
  async listKeys(org: OrgAccess, projectId: string) {
    await this.project(org, projectId);
    return (await this.repo.keys(org.organizationId, projectId)).map(keyView);
  }
  async createKey(org: OrgAccess, projectId: string, input: CreateFeedbackKeyInput) {
    await this.project(org, projectId);
    const k = newFeedbackKey();
    const row = await this.repo.createKey(org.organizationId, { projectId, name: input.name, prefix: k.prefix, keyHash: k.hash });
    return { ...keyView(row), key: k.key };
  }
  /** Revokes the key and issues a new one with the same name, in one transaction. */
  async rotateKey(org: OrgAccess, projectId: string, keyId: string) {
    await this.project(org, projectId);
    const k = newFeedbackKey();
    const row = await this.tx.run(async (tx) => {
      const old = await this.repo.key(org.organizationId, projectId, keyId, tx);
      if (!old) throw AppError.notFound('feedback key');
      if (old.revokedAt) throw AppError.conflict('this key is already revoked; create a new one instead');
      await this.repo.revokeKey(org.organizationId, keyId, tx);
      return this.repo.createKey(org.organizationId, { projectId, name: old.name, prefix: k.prefix, keyHash: k.hash }, tx);
    });
    return { ...keyView(row), key: k.key };
  }
  async revokeKey(org: OrgAccess, projectId: string, keyId: string): Promise<void> {
    await this.project(org, projectId);
    const { count } = await this.repo.revokeKey(org.organizationId, keyId);
    if (count === 0) throw AppError.notFound('feedback key');
  }

  // ---- surveys
  async listSurveys(org: OrgAccess, projectId: string) {
    await this.project(org, projectId);
    return (await this.repo.surveys(org.organizationId, projectId)).map(surveyView);
  }
  async createSurvey(org: OrgAccess, projectId: string, input: CreateSurveyInput) {
    await this.project(org, projectId);
    return surveyView(await this.repo.createSurvey(org.organizationId, { projectId, ...input }));
  }
  async deleteSurvey(org: OrgAccess, projectId: string, id: string): Promise<void> {
    if (!(await this.repo.deleteSurvey(org.organizationId, projectId, id))) throw AppError.notFound('survey');
  }

  // ---- public intake
  /**
   * Checks the per-IP limit before touching the database (a flood of bad keys costs nothing), then
   * the key, then the per-key limit. The key only lets its holder add feedback to one project.
   */
  async submit(rawKey: string | undefined, ip: string, input: PublicFeedbackInput): Promise<{ id: string; projectId: string }> {
    const ipWait = this.limiter.hit(`ip:${ip}`, this.perIpPerMinute);
    if (ipWait) throw new AppError('RATE_LIMITED', `Too much feedback from this address; try again in ${ipWait} s`, undefined, { 'retry-after': String(ipWait) });
    const m = rawKey ? KEY_RE.exec(rawKey.trim()) : null;
    if (!m) throw AppError.unauthenticated('Send the project feedback key (mfk_…) as the X-Feedback-Key header or the "key" field');
    const key = await this.repo.keyByPrefix(m[1]);
    const hash = Buffer.from(sha256(rawKey!.trim()), 'hex');
    if (!key || key.revokedAt || !timingSafeEqual(Buffer.from(key.keyHash, 'hex'), hash)) throw AppError.unauthenticated('This feedback key is unknown or revoked');
    const keyWait = this.limiter.hit(`key:${key.id}`, this.perKeyPerMinute);
    if (keyWait) throw new AppError('RATE_LIMITED', `Too much feedback for this key; try again in ${keyWait} s`, undefined, { 'retry-after': String(keyWait) });
    await this.checkReferences(key.organizationId, key.projectId, input);
    const row = await this.repo.createFeedback({
      organizationId: key.organizationId,
      projectId: key.projectId,
      keyId: key.id,
      surveyId: input.surveyId ?? null,
      nps: input.nps ?? null,
      csat: input.csat ?? null,
      thumbs: input.thumbs == null ? null : input.thumbs === 'up',
      comment: input.comment ?? '',
      modelVersionId: input.modelVersionId ?? null,
      predictionId: input.predictionId ?? null,
    });
    this.afterFeedback(row.organizationId, row.projectId);
    return { id: row.id, projectId: row.projectId };
  }

  /**
   * Ids sent with feedback must name things of the key's project: a survey of it, and a model
   * version registered in it (a prediction id only means something for a model version). A wrong
   * id is 422 naming the field, checked before anything is stored, so analytics by model version
   * never count feedback against a model that is not this project's.
   */
  private async checkReferences(organizationId: string, projectId: string, input: PublicFeedbackInput): Promise<void> {
    const issues: ErrorIssue[] = [];
    if (input.surveyId && !(await this.repo.survey(organizationId, projectId, input.surveyId))) {
      issues.push({ path: 'surveyId', message: `no survey "${input.surveyId}" in this project`, expected: "the id of one of this project's surveys" });
    }
    if (input.modelVersionId && !(await this.repo.modelVersionInProject(organizationId, projectId, input.modelVersionId))) {
      issues.push({ path: 'modelVersionId', message: `no model version "${input.modelVersionId}" is registered in this project`, expected: "the id of a model version of this feedback key's project" });
    }
    if (input.predictionId && !input.modelVersionId) {
      issues.push({ path: 'predictionId', message: 'a prediction id needs the modelVersionId of the model that made the prediction', expected: 'modelVersionId sent with it' });
    }
    if (issues.length) {
      const first = issues[0];
      throw new AppError('UNPROCESSABLE', `Feedback not stored: ${first.path}: ${first.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`, issues);
    }
  }

  // ---- analytics
  async analytics(org: OrgAccess, projectId: string, q: FeedbackQuery): Promise<FeedbackAnalytics> {
    await this.project(org, projectId);
    const rows = await this.repo.feedback(org.organizationId, projectId, {
      from: q.from ? new Date(`${q.from}T00:00:00Z`) : undefined,
      to: q.to ? new Date(Date.parse(`${q.to}T00:00:00Z`) + 86_400_000) : undefined,
    });
    const points = rows.map(point).reverse();
    const withText = rows.filter((r) => r.comment.trim() !== '');
    const matching = q.q ? withText.filter((r) => matchesQuery(r.comment, q.q!)) : withText;
    return {
      projectId,
      overall: summarize('all', points),
      weeks: trendByWeek(points),
      modelVersions: byModelVersion(points),
      themes: themes(withText.map((r) => r.comment), { limit: 12, minCount: 2 }),
      comments: matching.slice(0, 100).map((r) => ({
        id: r.id,
        createdAt: r.createdAt.toISOString(),
        comment: r.comment,
        nps: r.nps,
        csat: r.csat,
        thumbs: r.thumbs,
        modelVersionId: r.modelVersionId,
        predictionId: r.predictionId,
        sentiment: sentiment(r.comment),
      })),
      risks: detectSatisfactionRisks(points, { scope: projectId, asOf: q.asOf ?? new Date().toISOString().slice(0, 10) }),
    };
  }

  /**
   * Closing the loop: the satisfaction risk signals of a project (NPS drop, share of negative
   * feedback), each with a dedupeKey so it is raised once (see checkRisks).
   */
  async detectRisks(organizationId: string, projectId: string, asOf = new Date().toISOString().slice(0, 10)): Promise<RiskSignal[]> {
    return this.repo.satisfactionSignals(organizationId, projectId, asOf);
  }

  /** NPS per ISO week over the last 12 weeks, all projects of the organisation, for the overview card. */
  async orgNpsTrend(org: OrgAccess): Promise<{ overall: GroupSummary; weeks: GroupSummary[] }> {
    const points = (await this.repo.orgFeedbackSince(org.organizationId, new Date(Date.now() - 84 * 86_400_000))).map(point);
    return { overall: summarize('last 12 weeks', points), weeks: trendByWeek(points) };
  }
}
