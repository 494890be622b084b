// EU AI Act (Regulation (EU) 2024/1689) risk tiers and each tier's obligations as a checklist.
// Article numbers follow the final text published in the Official Journal (OJ L, 12.7.2024).
import type { AiActTier } from '@meridian/domain';
import type { ChecklistItem } from './compliance';
import { RiskError } from './errors';

export type AiActRole = 'PROVIDER' | 'DEPLOYER' | 'BOTH';

export interface AiActObligation {
  id: string;
  article: string;
  title: string;
  description: string;
  appliesTo: AiActRole;
}

export const AI_ACT_TIERS_INFO: Readonly<Record<AiActTier, { title: string; summary: string; examples: string }>> = {
  UNACCEPTABLE: {
    title: 'Prohibited practice (Art. 5)',
    summary: 'May not be placed on the market, put into service or used in the EU.',
    examples: 'Social scoring, manipulative techniques exploiting vulnerabilities, untargeted scraping of facial images, emotion recognition at work or school, most real-time remote biometric identification in public for law enforcement.',
  },
  HIGH: {
    title: 'High-risk (Art. 6, Annex I and III)',
    summary: 'Allowed with the requirements of Chapter III: risk management, data governance, documentation, logging, transparency, human oversight, robustness, conformity assessment and registration.',
    examples: 'Hiring and worker management, credit scoring, access to education, essential services, critical infrastructure, biometrics, law enforcement, migration, justice (Annex III), or a safety component of a regulated product (Annex I).',
  },
  LIMITED: {
    title: 'Transparency obligations (Art. 50)',
    summary: 'People must know they are dealing with AI or AI-generated content.',
    examples: 'Chatbots, generators of synthetic audio, image, video or text, emotion recognition or biometric categorisation systems, deep fakes.',
  },
  MINIMAL: {
    title: 'Minimal risk',
    summary: 'No specific obligations beyond AI literacy; voluntary codes of conduct encouraged.',
    examples: 'Spam filters, recommendation of internal content, inventory forecasting.',
  },
};

const O = (id: string, article: string, title: string, description: string, appliesTo: AiActRole): AiActObligation => ({ id, article, title, description, appliesTo });

const LITERACY = O('ai-act.literacy', 'Art. 4', 'AI literacy', 'Staff who build or operate the system have sufficient AI literacy for their role.', 'BOTH');

export const AI_ACT_OBLIGATIONS: Readonly<Record<AiActTier, readonly AiActObligation[]>> = {
  UNACCEPTABLE: [
    O('ai-act.prohibited', 'Art. 5', 'Prohibited practice: do not place on the market or use', 'Stop, withdraw or redesign the system so it no longer falls under a prohibited practice; record the legal analysis.', 'BOTH'),
    LITERACY,
  ],
  HIGH: [
    O('ai-act.risk-management', 'Art. 9', 'Risk management system', 'A continuous, iterative risk management process over the whole lifecycle: identify, estimate, evaluate and treat risks, test against them.', 'PROVIDER'),
    O('ai-act.data-governance', 'Art. 10', 'Data and data governance', 'Training, validation and test data are relevant, representative, as error-free and complete as possible; bias examined and mitigated.', 'PROVIDER'),
    O('ai-act.technical-documentation', 'Art. 11, Annex IV', 'Technical documentation', 'Documentation showing compliance, drawn up before placing on the market and kept up to date.', 'PROVIDER'),
    O('ai-act.record-keeping', 'Art. 12', 'Record-keeping (logging)', 'Automatic logging of events over the lifetime of the system for traceability.', 'PROVIDER'),
    O('ai-act.transparency', 'Art. 13', 'Transparency and information to deployers', 'Instructions for use: capabilities, limitations, accuracy, foreseeable misuse, human oversight measures.', 'PROVIDER'),
    O('ai-act.human-oversight', 'Art. 14', 'Human oversight', 'Designed so natural persons can understand, monitor, override or stop the system.', 'PROVIDER'),
    O('ai-act.accuracy-robustness', 'Art. 15', 'Accuracy, robustness and cybersecurity', 'Declared accuracy levels, resilience to errors and attacks (data poisoning, adversarial examples).', 'PROVIDER'),
    O('ai-act.quality-management', 'Art. 17', 'Quality management system', 'Documented policies and procedures covering design, testing, data management, post-market monitoring and incident reporting.', 'PROVIDER'),
    O('ai-act.logs-kept', 'Art. 19, Art. 26(6)', 'Automatically generated logs kept', 'Keep logs under your control for at least six months.', 'BOTH'),
    O('ai-act.corrective-actions', 'Art. 20', 'Corrective actions and duty of information', 'Correct, withdraw or recall a non-conforming system and inform distributors, deployers and authorities.', 'PROVIDER'),
    O('ai-act.conformity-assessment', 'Art. 43', 'Conformity assessment', 'Carry out the applicable conformity assessment procedure before placing on the market.', 'PROVIDER'),
    O('ai-act.declaration', 'Art. 47', 'EU declaration of conformity', 'Draw up and sign the EU declaration of conformity.', 'PROVIDER'),
    O('ai-act.ce-marking', 'Art. 48', 'CE marking', 'Affix the CE marking.', 'PROVIDER'),
    O('ai-act.registration', 'Art. 49, Art. 71', 'Registration in the EU database', 'Register the system (and, for certain deployers, its use) in the EU database before it is placed on the market or used.', 'BOTH'),
    O('ai-act.deployer-obligations', 'Art. 26', 'Deployer obligations', 'Use according to the instructions, assign competent human oversight, monitor operation, inform affected workers.', 'DEPLOYER'),
    O('ai-act.fria', 'Art. 27', 'Fundamental rights impact assessment', 'Required for public bodies and for deployers of credit-scoring and life/health insurance pricing systems.', 'DEPLOYER'),
    O('ai-act.post-market-monitoring', 'Art. 72', 'Post-market monitoring', 'A post-market monitoring plan that collects and analyses performance data over the lifetime.', 'PROVIDER'),
    O('ai-act.serious-incidents', 'Art. 73', 'Reporting of serious incidents', 'Report serious incidents to the market surveillance authority within the deadlines.', 'PROVIDER'),
    LITERACY,
  ],
  LIMITED: [
    O('ai-act.disclose-interaction', 'Art. 50(1)', 'Disclose interaction with an AI system', 'People are told they are interacting with an AI system unless it is obvious.', 'PROVIDER'),
    O('ai-act.mark-synthetic-content', 'Art. 50(2)', 'Mark synthetic content', 'Generated audio, image, video or text is marked in a machine-readable, detectable way.', 'PROVIDER'),
    O('ai-act.inform-emotion-biometric', 'Art. 50(3)', 'Inform people exposed to emotion recognition or biometric categorisation', 'Tell exposed persons about the operation of the system.', 'DEPLOYER'),
    O('ai-act.disclose-deep-fakes', 'Art. 50(4)', 'Disclose deep fakes and AI-generated public-interest text', 'Disclose that the content was artificially generated or manipulated.', 'DEPLOYER'),
    O('ai-act.disclosure-timing', 'Art. 50(5)', 'Clear and timely disclosure', 'The information is clear, distinguishable and given at the latest at the first interaction or exposure.', 'BOTH'),
    LITERACY,
  ],
  MINIMAL: [LITERACY, O('ai-act.voluntary-code', 'Art. 95', 'Voluntary code of conduct (optional)', 'Consider applying some high-risk requirements voluntarily through a code of conduct.', 'BOTH')],
};

export function aiActObligations(tier: AiActTier): readonly AiActObligation[] {
  const list = AI_ACT_OBLIGATIONS[tier];
  if (!list) throw new RiskError('INVALID_INPUT', `unknown EU AI Act tier "${String(tier)}"; use UNACCEPTABLE, HIGH, LIMITED or MINIMAL`, [{ path: 'tier', message: 'unknown tier' }]);
  return list;
}

/** The tier's obligations as fresh checklist items (framework EU_AI_ACT). */
export function aiActChecklist(tier: AiActTier): ChecklistItem[] {
  return aiActObligations(tier).map((o) => ({
    id: o.id,
    framework: 'EU_AI_ACT',
    reference: `AI Act ${o.article}`,
    title: o.title,
    description: `${o.description} (${o.appliesTo === 'BOTH' ? 'providers and deployers' : o.appliesTo === 'PROVIDER' ? 'providers' : 'deployers'})`,
    status: 'NOT_STARTED',
    ownerId: null,
    evidence: [],
    dueDate: null,
    notes: '',
  }));
}

/** A prohibited practice can never be promoted to production. */
export const aiActBlocksDeployment = (tier: AiActTier): boolean => tier === 'UNACCEPTABLE';
