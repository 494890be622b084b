import { z } from 'zod';

const score = (min: number, max: number, name: string) =>
  z
    .number({ error: `${name} must be a whole number from ${min} to ${max}` })
    .int({ error: `${name} must be a whole number from ${min} to ${max}` })
    .min(min, { error: `${name} must be a whole number from ${min} to ${max}` })
    .max(max, { error: `${name} must be a whole number from ${min} to ${max}` });

export const ZPublicFeedbackSchema = z
  .object({
    key: z.string().max(200).optional().describe('The project feedback key (or send it as the X-Feedback-Key header)'),
    nps: score(0, 10, 'nps').nullish(),
    csat: score(1, 5, 'csat').nullish(),
    thumbs: z.enum(['up', 'down'], { error: 'thumbs must be "up" or "down"' }).nullish(),
    comment: z.string().trim().max(2000, { error: 'comment is longer than 2000 characters' }).nullish(),
    modelVersionId: z.string().trim().min(1).max(64).nullish(),
    predictionId: z.string().trim().min(1).max(128).nullish(),
    surveyId: z.string().trim().min(1).max(64).nullish(),
  })
  .strict()
  .refine((b) => b.nps != null || b.csat != null || b.thumbs != null || (b.comment != null && b.comment !== ''), {
    message: 'send at least one of nps (0–10), csat (1–5), thumbs ("up"/"down") or a comment',
    path: [],
  });
export type PublicFeedbackInput = z.infer<typeof ZPublicFeedbackSchema>;

export const ZCreateFeedbackKeySchema = z.object({ name: z.string().trim().min(1).max(100).default('Website widget') });
export type CreateFeedbackKeyInput = z.infer<typeof ZCreateFeedbackKeySchema>;

export const SURVEY_KINDS = ['NPS', 'CSAT', 'THUMBS', 'TEXT'] as const;
export const ZCreateSurveySchema = z.object({
  name: z.string().trim().min(1).max(120),
  kind: z.enum(SURVEY_KINDS),
  question: z.string().trim().min(1).max(500),
  active: z.boolean().default(true),
});
export type CreateSurveyInput = z.infer<typeof ZCreateSurveySchema>;

export const ZFeedbackQuery = z.object({
  q: z.string().trim().max(200).optional().describe('Search comments (every word must occur)'),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  asOf: z.iso.date().optional().describe('Day the risk check looks back from (default today)'),
});
export type FeedbackQuery = z.infer<typeof ZFeedbackQuery>;
