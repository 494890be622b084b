// Governance methods of the client (issue 5): the risk register, project AI Act tier and
// compliance checklist, and fairness audits of uploaded predictions.
import type {
  CreateFairnessAuditInput,
  CreateRiskInput,
  FairnessAuditSummaryView,
  FairnessAuditView,
  FairnessReviewInput,
  ProjectGovernanceView,
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

function qs(params: Record<string, string | boolean | undefined>): string {
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
    list: (orgId: string, o: { projectId?: string } = {}) => request<{ items: FairnessAuditSummaryView[] }>('GET', `${org(orgId)}/fairness-audits${qs(o)}`),
    get: (orgId: string, auditId: string) => request<FairnessAuditView>('GET', `${org(orgId)}/fairness-audits/${seg(auditId)}`),
    /** Uploads a predictions CSV (as text) with the audit options; answers 202 with the queued audit. */
    create: (orgId: string, projectId: string, input: CreateFairnessAuditInput) => request<FairnessAuditView>('POST', `${org(orgId)}/projects/${seg(projectId)}/fairness-audits`, input),
    review: (orgId: string, auditId: string, input: FairnessReviewInput) => request<FairnessAuditView>('POST', `${org(orgId)}/fairness-audits/${seg(auditId)}/review`, input),
    delete: (orgId: string, auditId: string) => request<void>('DELETE', `${org(orgId)}/fairness-audits/${seg(auditId)}`),
  };
}
