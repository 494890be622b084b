// Enums mirror prisma/schema.prisma; a test asserts both stay identical.
import { z } from 'zod';

export const ROLES = ['OWNER', 'ADMIN', 'MEMBER', 'VIEWER'] as const;
export const ZRole = z.enum(ROLES);
export type Role = z.infer<typeof ZRole>;

/** Higher rank can do everything a lower rank can. */
export const ROLE_RANK: Record<Role, number> = { VIEWER: 0, MEMBER: 1, ADMIN: 2, OWNER: 3 };
export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[needed];
}

export const PROJECT_STAGES = ['PLANNING', 'DATA', 'DESIGN', 'TRAINING', 'EVALUATION', 'DEPLOYMENT', 'MONITORING'] as const;
export const ZProjectStage = z.enum(PROJECT_STAGES);
export type ProjectStage = z.infer<typeof ZProjectStage>;

export const STARTUP_MODES = ['RND', 'APPLICATION', 'PLATFORM'] as const;
export const ZStartupMode = z.enum(STARTUP_MODES);
export type StartupMode = z.infer<typeof ZStartupMode>;

export const BUSINESS_MODELS = [
  'API_SUBSCRIPTION',
  'PRODUCT_SALES',
  'SERVICE_SUBSCRIPTION',
  'SAAS',
  'ADVERTISING',
  'DATA_SERVICES',
  'PLATFORM_OPERATION',
] as const;
export const ZBusinessModel = z.enum(BUSINESS_MODELS);
export type BusinessModel = z.infer<typeof ZBusinessModel>;

export const JOB_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
export const ZJobStatus = z.enum(JOB_STATUSES);
export type JobStatus = z.infer<typeof ZJobStatus>;

/** Human labels for the dashboard, kept next to the enums so they never drift. */
export const LABELS = {
  stage: { PLANNING: 'Planning', DATA: 'Data', DESIGN: 'Design', TRAINING: 'Training', EVALUATION: 'Evaluation', DEPLOYMENT: 'Deployment', MONITORING: 'Monitoring' },
  startupMode: { RND: 'R&D-led', APPLICATION: 'Application-led', PLATFORM: 'Platform-led' },
  businessModel: {
    API_SUBSCRIPTION: 'API subscription',
    PRODUCT_SALES: 'Product sales',
    SERVICE_SUBSCRIPTION: 'Service subscription',
    SAAS: 'SaaS',
    ADVERTISING: 'Advertising',
    DATA_SERVICES: 'Data services',
    PLATFORM_OPERATION: 'Platform operation',
  },
  role: { OWNER: 'Owner', ADMIN: 'Admin', MEMBER: 'Member', VIEWER: 'Viewer' },
} as const satisfies {
  stage: Record<ProjectStage, string>;
  startupMode: Record<StartupMode, string>;
  businessModel: Record<BusinessModel, string>;
  role: Record<Role, string>;
};
