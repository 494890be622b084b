// Governance methods of the client (issue 5): the risk register, project AI Act tier and
// compliance checklist, and fairness audits of uploaded predictions.
import type {
  AuditExceptionInput,
  CreateFairnessAuditInput,
  CreateModelAuditInput,
  ModelCardNotesInput,
  ModelCardView,
  Page,
  CreateRiskInput,
  FairnessAuditSummaryView,
  FairnessAuditView,
  FairnessReviewInput,
  ProjectGovernanceView,
  ProjectFairnessPolicyInput,
  ProjectFairnessPolicyView,
  RiskDetailView,
  RiskHeatMapView,
  RiskListView,
  RiskStatus,
  SetAiActTierInput,
  UpdateComplianceItemInput,
  UpdateRiskInput,
} from '@meridian/domain';

type Requester = <T>(method: string, path: string, body?: unknown) => Promise<T>;

const seg = encodeURIComponent;
const org = (orgId: string) => `/api/orgs/${seg(orgId)}`;

function qs(params: Record<string, string | number | boolean | undefined>): string {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${seg(k)}=${seg(String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

export interface RiskListFilters {
  projectId?: string;
  status?: RiskStatus;
  category?: string;
  level?: string;
  source?: string;
  ownerId?: string;
  overdue?: boolean;
  includeClosed?: boolean;
  /** One heat-map cell (with residual: the residual ratings). */
  likelihood?: number;
  impact?: number;
  residual?: boolean;
  /** Page size (1-200, default 50) and the previous page's nextCursor. */
  limit?: number;
  cursor?: string;
}

export function risksClient(request: Requester) {
  return {
    list: (orgId: string, f: RiskListFilters = {}) => request<RiskListView>('GET', `${org(orgId)}/risks${qs({ ...f })}`),
    heatMap: (orgId: string, o: { projectId?: string; residual?: boolean } = {}) => request<RiskHeatMapView>('GET', `${org(orgId)}/risks/heat-map${qs(o)}`),
    get: (orgId: string, riskId: string) => request<RiskDetailView>('GET', `${org(orgId)}/risks/${seg(riskId)}`),
    create: (orgId: string, projectId: string, input: Partial<CreateRiskInput> & Pick<CreateRiskInput, 'title' | 'category' | 'likelihood' | 'impact'>) =>
      request<RiskDetailView>('POST', `${org(orgId)}/projects/${seg(projectId)}/risks`, input),
    update: (orgId: string, riskId: string, input: UpdateRiskInput) => request<RiskDetailView>('PATCH', `${org(orgId)}/risks/${seg(riskId)}`, input),
    transition: (orgId: string, riskId: string, to: RiskStatus, note = '') => request<RiskDetailView>('POST', `${org(orgId)}/risks/${seg(riskId)}/transitions`, { to, note }),
    delete: (orgId: string, riskId: string) => request<void>('DELETE', `${org(orgId)}/risks/${seg(riskId)}`),
  };
}

export function governanceClient(request: Requester) {
  return {
    get: (orgId: string, projectId: string) => request<ProjectGovernanceView>('GET', `${org(orgId)}/projects/${seg(projectId)}/governance`),
    setTier: (orgId: string, projectId: string, input: { tier: SetAiActTierInput['tier']; rationale?: string }) =>
      request<ProjectGovernanceView>('PUT', `${org(orgId)}/projects/${seg(projectId)}/governance/ai-act-tier`, input),
    updateItem: (orgId: string, projectId: string, itemId: string, patch: UpdateComplianceItemInput) =>
      request<ProjectGovernanceView>('PATCH', `${org(orgId)}/projects/${seg(projectId)}/governance/checklist/${seg(itemId)}`, patch),
  };
}

export function fairnessAuditsClient(request: Requester) {
  return {
    /** Newest first, one page at a time: pass the previous page's nextCursor as `cursor`. */
    list: (orgId: string, o: { projectId?: string; modelVersionId?: string; limit?: number; cursor?: string } = {}) =>
      request<Page<FairnessAuditSummaryView>>('GET', `${org(orgId)}/fairness-audits${qs(o)}`),
    get: (orgId: string, auditId: string) => request<FairnessAuditView>('GET', `${org(orgId)}/fairness-audits/${seg(auditId)}`),
    /** Uploads a predictions CSV (as text) with the audit options; answers 202 with the queued audit. */
    create: (orgId: string, projectId: string, input: CreateFairnessAuditInput) => request<FairnessAuditView>('POST', `${org(orgId)}/projects/${seg(projectId)}/fairness-audits`, input),
    /** Audits a registered model version on a dataset version of the project (202: the job predicts, then reports). */
    createForModel: (orgId: string, projectId: string, input: CreateModelAuditInput) =>
      request<FairnessAuditView>('POST', `${org(orgId)}/projects/${seg(projectId)}/fairness-audits/model`, input),
    /** OWNER only: accept a failed (or warning) audit for the promotion gate, with a justification (>= 20 characters). */
    recordException: (orgId: string, auditId: string, input: AuditExceptionInput) => request<FairnessAuditView>('POST', `${org(orgId)}/fairness-audits/${seg(auditId)}/exception`, input),
    withdrawException: (orgId: string, auditId: string) => request<FairnessAuditView>('DELETE', `${org(orgId)}/fairness-audits/${seg(auditId)}/exception`),
    review: (orgId: string, auditId: string, input: FairnessReviewInput) => request<FairnessAuditView>('POST', `${org(orgId)}/fairness-audits/${seg(auditId)}/review`, input),
    delete: (orgId: string, auditId: string) => request<void>('DELETE', `${org(orgId)}/fairness-audits/${seg(auditId)}`),
    /** The project's fairness policy (thresholds every audit of its model versions is judged by). */
    getPolicy: (orgId: string, projectId: string) => request<ProjectFairnessPolicyView>('GET', `${org(orgId)}/projects/${seg(projectId)}/fairness-policy`),
    /** OWNER or ADMIN: replace the project's fairness policy. */
    putPolicy: (orgId: string, projectId: string, input: ProjectFairnessPolicyInput) => request<ProjectFairnessPolicyView>('PUT', `${org(orgId)}/projects/${seg(projectId)}/fairness-policy`, input),
  };
}

export function modelCardsClient(request: Requester) {
  return {
    /** The model card of a model version (JSON; the dashboard's printable page shows the same). */
    get: (orgId: string, modelVersionId: string) => request<ModelCardView>('GET', `${org(orgId)}/model-cards/${seg(modelVersionId)}`),
    updateNotes: (orgId: string, modelVersionId: string, input: ModelCardNotesInput) => request<ModelCardView>('PUT', `${org(orgId)}/model-cards/${seg(modelVersionId)}/notes`, input),
  };
}
