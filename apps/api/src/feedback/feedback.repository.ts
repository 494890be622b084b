import { Injectable } from '@nestjs/common';
import { newId, type Prisma, type PrismaClient } from '@meridian/db';
import type { Db } from '../common/prisma';
import { satisfactionSignals } from '@meridian/jobs';
import type { RiskSignal } from '@meridian/satisfaction';
import { InjectPrisma } from '../common/tokens';

export type FeedbackKeyRow = Prisma.FeedbackKeyGetPayload<object>;
export type FeedbackRow = Prisma.FeedbackGetPayload<object>;
export type SurveyRow = Prisma.SurveyGetPayload<object>;

@Injectable()
export class FeedbackRepository {
  constructor(@InjectPrisma() private readonly prisma: PrismaClient) {}

  projectExists(organizationId: string, id: string): Promise<boolean> {
    return this.prisma.project.count({ where: { id, organizationId } }).then((n) => n > 0);
  }

  keys(organizationId: string, projectId: string): Promise<FeedbackKeyRow[]> {
    return this.prisma.feedbackKey.findMany({ where: { organizationId, projectId }, orderBy: { createdAt: 'desc' } });
  }
  keyByPrefix(prefix: string): Promise<FeedbackKeyRow | null> {
    return this.prisma.feedbackKey.findUnique({ where: { prefix } });
  }
  key(organizationId: string, projectId: string, id: string, db: Db = this.prisma): Promise<FeedbackKeyRow | null> {
    return db.feedbackKey.findFirst({ where: { id, organizationId, projectId } });
  }
  createKey(organizationId: string, data: { projectId: string; name: string; prefix: string; keyHash: string }, db: Db = this.prisma): Promise<FeedbackKeyRow> {
    return db.feedbackKey.create({ data: { id: newId(), organizationId, ...data } });
  }
  revokeKey(organizationId: string, id: string, db: Db = this.prisma) {
    return db.feedbackKey.updateMany({ where: { id, organizationId, revokedAt: null }, data: { revokedAt: new Date() } });
  }

  surveys(organizationId: string, projectId: string): Promise<SurveyRow[]> {
    return this.prisma.survey.findMany({ where: { organizationId, projectId }, orderBy: { createdAt: 'asc' } });
  }
  survey(organizationId: string, projectId: string, id: string): Promise<SurveyRow | null> {
    return this.prisma.survey.findFirst({ where: { id, organizationId, projectId } });
  }
  createSurvey(organizationId: string, data: { projectId: string; name: string; kind: string; question: string; active: boolean }): Promise<SurveyRow> {
    return this.prisma.survey.create({ data: { id: newId(), organizationId, ...data } });
  }
  async deleteSurvey(organizationId: string, projectId: string, id: string): Promise<boolean> {
    return (await this.prisma.survey.deleteMany({ where: { id, organizationId, projectId } })).count > 0;
  }

  /** Only a model version of this very project counts: the id alone could name another tenant's model. */
  modelVersionInProject(organizationId: string, projectId: string, id: string): Promise<boolean> {
    return this.prisma.modelVersion.count({ where: { id, organizationId, projectId } }).then((n) => n > 0);
  }

  createFeedback(data: Omit<Prisma.FeedbackUncheckedCreateInput, 'id'>): Promise<FeedbackRow> {
    return this.prisma.feedback.create({ data: { id: newId(), ...data } });
  }
  /** The risk loop's satisfaction rule (libs/jobs, shared with the daily risks.check job) over a project's recent feedback. */
  satisfactionSignals(organizationId: string, projectId: string, asOf: string): Promise<RiskSignal[]> {
    return satisfactionSignals(this.prisma, organizationId, projectId, asOf);
  }

  feedback(organizationId: string, projectId: string, range: { from?: Date; to?: Date } = {}, take = 20_000): Promise<FeedbackRow[]> {
    return this.prisma.feedback.findMany({
      where: { organizationId, projectId, ...(range.from || range.to ? { createdAt: { ...(range.from ? { gte: range.from } : {}), ...(range.to ? { lt: range.to } : {}) } } : {}) },
      orderBy: { createdAt: 'desc' },
      take,
    });
  }

  orgFeedbackSince(organizationId: string, from: Date): Promise<FeedbackRow[]> {
    return this.prisma.feedback.findMany({ where: { organizationId, createdAt: { gte: from } }, orderBy: { createdAt: 'asc' }, take: 50_000 });
  }
}
