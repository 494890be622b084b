// Compliance checklist items (GDPR, CCPA, IP and licences, export control, data-sharing contracts and
// the EU AI Act obligations) with status, owner and evidence links. The references point to the law;
// the descriptions are short working summaries, not legal advice.
import { COMPLIANCE_FRAMEWORKS, COMPLIANCE_STATUSES, type AiActTier, type ComplianceFramework, type ComplianceStatus, type EvidenceLink, type UpdateComplianceItemInput } from '@meridian/domain';
import { aiActChecklist } from './ai-act';
import { toDay } from './dates';
import { RiskError } from './errors';

export interface ChecklistItem {
  /** Stable id, e.g. "gdpr.dpia"; the platform stores one row per (project, id). */
  id: string;
  framework: ComplianceFramework;
  /** Where the obligation comes from: "GDPR Art. 35", "Cal. Civ. Code §1798.105", "AI Act Art. 9". */
  reference: string;
  title: string;
  description: string;
  status: ComplianceStatus;
  ownerId: string | null;
  evidence: EvidenceLink[];
  dueDate: string | null;
  notes: string;
}

export type ChecklistTemplateItem = Pick<ChecklistItem, 'id' | 'framework' | 'reference' | 'title' | 'description'>;

const T = (framework: ComplianceFramework, id: string, reference: string, title: string, description: string): ChecklistTemplateItem => ({ id, framework, reference, title, description });

export const COMPLIANCE_TEMPLATE: readonly ChecklistTemplateItem[] = [
  T('GDPR', 'gdpr.lawful-basis', 'GDPR Art. 6, Art. 9', 'Lawful basis for each processing purpose', 'Record the lawful basis for training and inference data; special-category data (Art. 9) needs an explicit condition.'),
  T('GDPR', 'gdpr.transparency', 'GDPR Art. 13, Art. 14', 'Privacy notice to data subjects', 'Tell people whose data trains or feeds the model what is processed, why, for how long and their rights.'),
  T('GDPR', 'gdpr.data-minimisation', 'GDPR Art. 5(1)(c), Art. 5(1)(e)', 'Data minimisation and retention', 'Use only the features needed and set retention periods for datasets, logs and feedback.'),
  T('GDPR', 'gdpr.subject-rights', 'GDPR Art. 15–21', 'Data subject rights process', 'Handle access, rectification, erasure, restriction, portability and objection requests, including data in training sets.'),
  T('GDPR', 'gdpr.automated-decisions', 'GDPR Art. 22', 'Automated decision-making safeguards', 'For decisions with legal or similarly significant effects: human intervention, the right to contest, meaningful information about the logic.'),
  T('GDPR', 'gdpr.privacy-by-design', 'GDPR Art. 25', 'Data protection by design and by default', 'Pseudonymise or anonymise where possible; default to the least data.'),
  T('GDPR', 'gdpr.processors', 'GDPR Art. 28', 'Processor agreements', 'Data processing agreements with cloud, labelling and analytics vendors.'),
  T('GDPR', 'gdpr.records', 'GDPR Art. 30', 'Records of processing activities', 'Keep the processing register current for every dataset and model use.'),
  T('GDPR', 'gdpr.security', 'GDPR Art. 32', 'Security of processing', 'Access control, encryption and audit logs for datasets and model artifacts.'),
  T('GDPR', 'gdpr.breach', 'GDPR Art. 33, Art. 34', 'Breach notification procedure', 'Notify the supervisory authority within 72 hours and data subjects when the risk is high.'),
  T('GDPR', 'gdpr.dpia', 'GDPR Art. 35', 'Data protection impact assessment', 'Required for high-risk processing such as profiling or large-scale special-category data.'),
  T('GDPR', 'gdpr.transfers', 'GDPR Art. 44–49', 'International transfers', 'Adequacy decision or standard contractual clauses for data leaving the EEA.'),
  T('CCPA', 'ccpa.notice', 'Cal. Civ. Code §1798.100', 'Notice at collection', 'Disclose the categories of personal information collected, purposes and retention at or before collection.'),
  T('CCPA', 'ccpa.delete', 'Cal. Civ. Code §1798.105', 'Right to delete', 'Delete consumer personal information on a verified request, and tell service providers to delete it.'),
  T('CCPA', 'ccpa.correct', 'Cal. Civ. Code §1798.106', 'Right to correct', 'Correct inaccurate personal information on a verified request.'),
  T('CCPA', 'ccpa.know', 'Cal. Civ. Code §1798.110, §1798.115', 'Right to know', 'Disclose what personal information is collected, sold or shared, and with whom.'),
  T('CCPA', 'ccpa.opt-out', 'Cal. Civ. Code §1798.120, §1798.135', 'Opt-out of sale or sharing', 'Honour opt-outs (including a "Do Not Sell or Share" link or opt-out preference signals).'),
  T('CCPA', 'ccpa.sensitive', 'Cal. Civ. Code §1798.121', 'Limit use of sensitive personal information', 'Offer the right to limit use and disclosure of sensitive personal information.'),
  T('CCPA', 'ccpa.non-discrimination', 'Cal. Civ. Code §1798.125', 'No discrimination for exercising rights', 'Do not deny service or change prices because a consumer exercised a right.'),
  T('CCPA', 'ccpa.requests', 'Cal. Civ. Code §1798.130', 'Request methods and response times', 'At least two request methods; respond within 45 days.'),
  T('CCPA', 'ccpa.service-providers', 'Cal. Civ. Code §1798.100(d), §1798.140', 'Contracts with service providers and contractors', 'Contracts limiting their use of personal information to the specified purposes.'),
  T('IP_LICENSING', 'ip.dataset-licences', 'Licence terms of each dataset', 'Dataset licences recorded', 'For every dataset version: source, licence (e.g. CC BY 4.0), attribution and whether commercial use and model training are allowed.'),
  T('IP_LICENSING', 'ip.model-licences', 'Licence terms of each pretrained model', 'Pretrained model and weight licences', 'Licences of base models and weights, including use restrictions and attribution.'),
  T('IP_LICENSING', 'ip.code-licences', 'Open-source licences', 'Third-party code licences', 'Inventory of dependencies with licences compatible with how the product is distributed.'),
  T('IP_LICENSING', 'ip.output-ownership', 'Customer terms', 'Ownership and terms of model outputs', 'Terms of service say who owns outputs and what warranties apply.'),
  T('IP_LICENSING', 'ip.personal-data-scraping', 'Website terms, database rights', 'Scraped or collected data rights', 'Check terms of use and database rights of any scraped source.'),
  T('EXPORT_CONTROL', 'export.classification-eu', 'Regulation (EU) 2021/821 Annex I', 'EU dual-use classification', 'Check whether the software, models or technology are listed dual-use items.'),
  T('EXPORT_CONTROL', 'export.classification-us', 'US EAR 15 CFR 730–774', 'US export classification (ECCN)', 'Classify under the Commerce Control List when US-origin technology or compute is involved.'),
  T('EXPORT_CONTROL', 'export.sanctions', 'EU, UN and OFAC sanctions lists', 'Customer and partner screening', 'Screen customers, partners and destinations against sanctions lists.'),
  T('DATA_SHARING', 'sharing.agreement', 'Contract', 'Data-sharing agreement in place', 'A signed agreement for every dataset received from or shared with another organisation.'),
  T('DATA_SHARING', 'sharing.purpose', 'Contract', 'Permitted purposes', 'The agreement allows model training and the intended commercial use.'),
  T('DATA_SHARING', 'sharing.retention', 'Contract', 'Retention and deletion', 'When and how shared data is returned or deleted, including derived datasets.'),
  T('DATA_SHARING', 'sharing.onward', 'Contract', 'Onward sharing restrictions', 'Whether sub-processors or customers may receive the data or derived models.'),
  T('DATA_SHARING', 'sharing.security', 'Contract', 'Security requirements', 'Security obligations the agreement imposes (encryption, access, audits).'),
];

/**
 * A fresh checklist for a project: the chosen frameworks (default: all) and, with `aiActTier`, the
 * obligations of that EU AI Act tier. Every item starts NOT_STARTED, unowned, without evidence.
 */
export function complianceChecklistTemplate(options: { frameworks?: readonly ComplianceFramework[]; aiActTier?: AiActTier | null } = {}): ChecklistItem[] {
  const frameworks = options.frameworks ?? COMPLIANCE_FRAMEWORKS;
  for (const f of frameworks) {
    if (!COMPLIANCE_FRAMEWORKS.includes(f)) throw new RiskError('INVALID_INPUT', `unknown framework "${String(f)}"; use ${COMPLIANCE_FRAMEWORKS.join(', ')}`, [{ path: 'frameworks', message: 'unknown framework' }]);
  }
  const items: ChecklistItem[] = COMPLIANCE_TEMPLATE.filter((t) => frameworks.includes(t.framework)).map((t) => ({ ...t, status: 'NOT_STARTED', ownerId: null, evidence: [], dueDate: null, notes: '' }));
  if (options.aiActTier && frameworks.includes('EU_AI_ACT')) items.unshift(...aiActChecklist(options.aiActTier));
  return items;
}

/** Problems that make an item's state inconsistent; empty when it is fine. DONE needs an owner and evidence. */
export function checklistItemIssues(item: Pick<ChecklistItem, 'status' | 'ownerId' | 'evidence' | 'notes'>): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  if (!COMPLIANCE_STATUSES.includes(item.status)) issues.push({ path: 'status', message: `unknown status "${String(item.status)}"` });
  if (item.status === 'DONE') {
    if (!item.ownerId) issues.push({ path: 'ownerId', message: 'a DONE item needs an owner who vouches for it' });
    if (!item.evidence?.length) issues.push({ path: 'evidence', message: 'a DONE item needs at least one evidence link' });
  }
  if (item.status === 'NOT_APPLICABLE' && !item.notes?.trim()) issues.push({ path: 'notes', message: 'say why the item does not apply' });
  if (item.status === 'BLOCKED' && !item.notes?.trim()) issues.push({ path: 'notes', message: 'say what blocks the item' });
  return issues;
}

/** Applies a patch and returns the new item, or throws INVALID_INPUT listing what is missing. */
export function updateChecklistItem(item: ChecklistItem, patch: UpdateComplianceItemInput): ChecklistItem {
  const next: ChecklistItem = { ...item, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
  const issues = checklistItemIssues(next);
  if (issues.length) throw new RiskError('INVALID_INPUT', `Cannot set ${item.id} to ${next.status}: ${issues.map((i) => i.message).join('; ')}`, issues);
  return next;
}

export interface ChecklistSummary {
  total: number;
  byStatus: Record<ComplianceStatus, number>;
  /** Items that apply (all but NOT_APPLICABLE). */
  applicable: number;
  /** DONE / applicable × 100, one decimal; 100 when nothing applies. */
  percentDone: number;
  byFramework: Partial<Record<ComplianceFramework, { applicable: number; done: number }>>;
  overdueIds: string[];
  unownedIds: string[];
}

export function checklistSummary(items: readonly ChecklistItem[], asOf?: string): ChecklistSummary {
  const byStatus = Object.fromEntries(COMPLIANCE_STATUSES.map((s) => [s, 0])) as Record<ComplianceStatus, number>;
  const byFramework: ChecklistSummary['byFramework'] = {};
  const today = asOf ? toDay(asOf, 'asOf') : null;
  const overdueIds: string[] = [];
  const unownedIds: string[] = [];
  for (const it of items) {
    byStatus[it.status]++;
    if (it.status === 'NOT_APPLICABLE') continue;
    const f = (byFramework[it.framework] ??= { applicable: 0, done: 0 });
    f.applicable++;
    if (it.status === 'DONE') f.done++;
    else {
      if (today !== null && it.dueDate && toDay(it.dueDate, `${it.id}.dueDate`) < today) overdueIds.push(it.id);
      if (!it.ownerId) unownedIds.push(it.id);
    }
  }
  const applicable = items.length - byStatus.NOT_APPLICABLE;
  return { total: items.length, byStatus, applicable, percentDone: applicable === 0 ? 100 : Math.round((byStatus.DONE / applicable) * 1000) / 10, byFramework, overdueIds, unownedIds };
}
