// One audit as the API answers it (FairnessAuditView: record, report keys, lineage by name, whether
// the promotion gate counts it) and as the PDF prints it. Here rather than in the API because the
// fairness.audit job renders and stores the PDF when the audit finishes, and the API renders it on
// first download when the job could not (no Chromium where the job ran, or the audit changed since).
import { existsSync } from 'node:fs';
import type { ArtifactStore } from '@meridian/artifacts';
import type { Database, Prisma } from '@meridian/db';
import { appliedThresholdsOf, fairnessPolicyLoosenings, type FairnessAuditSummaryView, type FairnessAuditView, type FairnessReportJson } from '@meridian/domain';
import { loadProjectFairnessPolicy } from '@meridian/registry';

type Prisma_ = Database['prisma'];
type AuditRow = Prisma.FairnessAuditGetPayload<{ include: { project: { select: { name: true } } } }>;

/** The list/summary shape of an audit row (`names`: user id -> name for the reviewer and the exception). */
export function fairnessAuditSummary(r: Omit<AuditRow, 'input' | 'report'>, names: Map<string, string>): FairnessAuditSummaryView {
  const options = r.options as { audit?: { sensitive?: string[] } };
  return {
    id: r.id,
    projectId: r.projectId,
    projectName: r.project.name,
    modelVersionId: r.modelVersionId,
    datasetVersionId: r.datasetVersionId,
    status: r.status,
    verdict: r.verdict,
    source: { kind: r.source === 'MODEL_VERSION' ? 'MODEL_VERSION' : 'PREDICTIONS_UPLOAD', fileName: r.fileName, bytes: r.fileBytes, sha256: r.fileSha256, rows: r.fileRows },
    sensitive: options.audit?.sensitive ?? [],
    riskId: r.riskId,
    review:
      r.reviewerId && r.reviewedAt
        ? { reviewerId: r.reviewerId, reviewerName: names.get(r.reviewerId) ?? null, decision: r.reviewDecision ?? '', note: r.reviewNote ?? '', at: r.reviewedAt.toISOString() }
        : null,
    exception:
      r.exceptionById && r.exceptionAt && r.exceptionJustification
        ? { byId: r.exceptionById, byName: names.get(r.exceptionById) ?? null, justification: r.exceptionJustification, at: r.exceptionAt.toISOString() }
        : null,
    error: (r.error as { code: string; message: string } | null) ?? null,
    createdById: r.createdById,
    createdAt: r.createdAt.toISOString(),
    completedAt: r.completedAt?.toISOString() ?? null,
    jobId: r.jobId,
  };
}

export async function userNames(prisma: Prisma_, ids: Array<string | null>): Promise<Map<string, string>> {
  const list = [...new Set(ids.filter((x): x is string => !!x))];
  if (!list.length) return new Map();
  const users = await prisma.user.findMany({ where: { id: { in: list } }, select: { id: true, name: true } });
  return new Map(users.map((x) => [x.id, x.name]));
}

/** One audit with its report, lineage by name and gate eligibility; null when it is not in the organisation. */
export async function loadFairnessAuditView(prisma: Prisma_, organizationId: string, id: string): Promise<FairnessAuditView | null> {
  const r = await prisma.fairnessAudit.findFirst({ where: { id, organizationId }, omit: { input: true }, include: { project: { select: { name: true } } } });
  if (!r) return null;
  const [names, model, dv, policy] = await Promise.all([
    userNames(prisma, [r.reviewerId, r.exceptionById]),
    r.modelVersionId ? prisma.modelVersion.findFirst({ where: { id: r.modelVersionId, organizationId }, select: { id: true, version: true, run: { select: { id: true, name: true } } } }) : null,
    r.datasetVersionId
      ? prisma.datasetVersion.findFirst({ where: { id: r.datasetVersionId, organizationId }, select: { id: true, version: true, fileName: true, contentHash: true, datasetId: true, dataset: { select: { name: true } } } })
      : null,
    loadProjectFairnessPolicy(prisma, organizationId, r.projectId),
  ]);
  const report = r.report as unknown as FairnessReportJson | null;
  const base = `/orgs/${organizationId}`;
  const gateNotes: string[] = [];
  if (r.source !== 'MODEL_VERSION') {
    gateNotes.push('uploaded predictions are not evidence for the promotion gate (anyone can write such a file): audit the model version itself on a dataset version');
  } else {
    for (const x of fairnessPolicyLoosenings(appliedThresholdsOf(r.options), policy)) gateNotes.push(`judged more loosely than the project's current fairness policy: ${x.path} ${x.message}`);
  }
  return {
    ...fairnessAuditSummary(r, names),
    options: r.options,
    lineage: {
      modelVersion: model ? { id: model.id, version: model.version, url: `${base}/models/${model.id}` } : null,
      run: model?.run ? { id: model.run.id, name: model.run.name, url: `${base}/runs/${model.run.id}` } : null,
      datasetVersion: dv
        ? { id: dv.id, datasetId: dv.datasetId, datasetName: dv.dataset.name, version: dv.version, fileName: dv.fileName, contentHash: dv.contentHash, url: `${base}/datasets/${dv.datasetId}/versions/${dv.id}` }
        : null,
    },
    gateEligible: gateNotes.length === 0,
    gateNotes,
    schemaVersion: 1,
    reasons: report?.reasons ?? [],
    policy: report?.policy ?? null,
    result: report?.result ?? null,
    mitigation: report?.mitigation ?? null,
  };
}

// ---- the PDF -------------------------------------------------------------------------------

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const pct = (v: number | null | undefined) => (v === null || v === undefined ? 'n/a' : `${(v * 100).toFixed(1)}%`);
const num = (v: number | null | undefined, d = 3) => (v === null || v === undefined ? 'n/a' : v.toFixed(d));
/** Notes printed in the PDF before "and N more": the page shows 50 too. */
const NOTES_IN_PDF = 50;

function lineageHtml(a: FairnessAuditView): string {
  const l = a.lineage;
  const rows: string[] = [];
  if (l.datasetVersion) {
    const d = l.datasetVersion;
    rows.push(`<tr><td>Dataset version</td><td>${esc(d.datasetName)} v${esc(d.version)} (${esc(d.fileName)}, sha256 ${esc(d.contentHash.slice(0, 16))}…)</td></tr>`);
  } else {
    rows.push(`<tr><td>Predictions file</td><td>${esc(a.source.fileName)} (uploaded; sha256 ${esc(a.source.sha256.slice(0, 16))}…, ${esc(a.source.rows ?? '?')} rows)</td></tr>`);
  }
  if (l.run) rows.push(`<tr><td>Training run</td><td>${esc(l.run.name)}</td></tr>`);
  if (l.modelVersion) rows.push(`<tr><td>Model version</td><td>v${esc(l.modelVersion.version)}${a.source.kind === 'MODEL_VERSION' ? ' (its predictions on every row of the dataset version)' : ' (named by the uploader; not verified against the file)'}</td></tr>`);
  else if (a.modelVersionId) rows.push('<tr><td>Model version</td><td>deleted since the audit</td></tr>');
  rows.push(`<tr><td>Promotion gate</td><td>${a.gateEligible ? 'counted: an audit of the model version under the project\'s fairness policy' : esc(a.gateNotes.join('; '))}</td></tr>`);
  return `<table>${rows.join('')}</table>`;
}

function mitigationHtml(a: FairnessAuditView): string {
  const m = a.mitigation;
  if (!m) return '<p class="muted">Not computed for this audit.</p>';
  const parts: string[] = [];
  const thresholdList = m.thresholdsByConstraint ?? (m.thresholds ? [m.thresholds] : []);
  for (const t of thresholdList) {
    const label = t.constraint === 'equalized_odds' ? 'equalized odds' : 'demographic parity';
    parts.push(
      `<p>Group thresholds (${label}${t.satisfied ? '' : ', constraint not met within tolerance'}): DP difference ${num(t.before.demographicParityDifference)} → ${num(t.after.demographicParityDifference)}, equalized odds difference ${num(t.before.equalizedOddsDifference)} → ${num(t.after.equalizedOddsDifference)}, accuracy ${pct(t.before.accuracy)} → ${pct(t.after.accuracy)}; thresholds ${esc(t.thresholds.map((x) => `${x.group} ≥ ${num(x.threshold)}`).join(', '))}.</p>`,
    );
  }
  if (m.reweighing) parts.push(`<p>Reweighing: label base-rate difference ${num(m.reweighing.before.baseRateDifference)} → ${num(m.reweighing.after.baseRateDifference)}.</p>`);
  if (m.evaluation) parts.push(`<p class="muted">${esc(m.evaluation.description)}</p>`);
  for (const n of m.notes) parts.push(`<p class="muted">${esc(n)}</p>`);
  return parts.join('');
}

function notesHtml(a: FairnessAuditView): string {
  const notes = a.result?.notes ?? [];
  if (!notes.length) return '<p class="muted">Every value in this report is defined.</p>';
  const shown = notes.slice(0, NOTES_IN_PDF).map((n) => `<li><code>${esc(n.path)}</code>: ${esc(n.message)}</li>`).join('');
  return `<p class="muted">Values printed as n/a are undefined (NaN in the computation, null in the JSON); each is explained here.</p><ul>${shown}</ul>${
    notes.length > NOTES_IN_PDF ? `<p class="muted">…and ${notes.length - NOTES_IN_PDF} more, listed in the audit's JSON (result.notes).</p>` : ''
  }`;
}

export function auditReportHtml(a: FairnessAuditView): string {
  const r = a.result;
  const level = r?.metricFrame.levels[0];
  const groups = level ? level.byGroup.filter((g) => !r!.groups.find((x) => x.key === g.group)?.empty) : [];
  const ci = (group: string) => r?.intervals?.find((x) => x.group === group && x.metric === 'selectionRate');
  const bars = groups
    .map((g) => {
      const v = g.metrics.selectionRate ?? 0;
      const c = ci(g.group);
      return `<tr><td>${esc(g.group)}</td><td><div class="bar"><span style="width:${(v * 100).toFixed(1)}%"></span>${
        c && c.lower !== null && c.upper !== null ? `<i style="left:${(c.lower * 100).toFixed(1)}%;width:${((c.upper - c.lower) * 100).toFixed(1)}%"></i>` : ''
      }</div></td><td>${pct(g.metrics.selectionRate)}${c && c.lower !== null ? ` [${pct(c.lower)}–${pct(c.upper)}]` : ''}</td><td>${pct(g.metrics.truePositiveRate)}</td><td>${pct(g.metrics.falsePositiveRate)}</td></tr>`;
    })
    .join('');
  const parity = r
    ? r.aequitas.attributes
        .flatMap((attr) =>
          attr.groups
            .filter((g) => g.size > 0)
            .map(
              (g) =>
                `<tr><td>${esc(attr.attribute)}</td><td>${esc(g.group)}</td>${(['pprev', 'tpr', 'fpr'] as const)
                  .map((m) => (g.referenceGroups[m] === g.group ? '<td class="muted">reference</td>' : `<td class="${g.parity[m] === false ? 'fail' : ''}">${g.parity[m] === null ? '–' : g.parity[m] ? '✓' : '✗'} ${num(g.disparities[m], 2)}</td>`))
                  .join('')}</tr>`,
            ),
        )
        .join('')
    : '';
  const review = a.review
    ? `<p><b>${esc(a.review.decision.replace(/_/g, ' ').toLowerCase())}</b> by ${esc(a.review.reviewerName ?? a.review.reviewerId)} on ${esc(a.review.at.slice(0, 10))}: ${esc(a.review.note)}</p>`
    : '<p class="muted">Not reviewed yet.</p>';
  const p = a.policy;
  const subject = a.lineage.modelVersion ? `model version v${a.lineage.modelVersion.version}` : 'uploaded predictions';
  return `<!doctype html><html><head><meta charset="utf-8"><title>Fairness audit ${esc(a.id)}</title><style>
body{font:11px/1.45 system-ui,sans-serif;color:#1a1a1a;margin:0}h1{font-size:18px;margin:0 0 4px}h2{font-size:13px;margin:16px 0 6px;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:3px 6px;border-bottom:1px solid #eee;vertical-align:top}.muted{color:#666}
.verdict{display:inline-block;padding:2px 10px;border-radius:10px;font-weight:700}.PASS{background:#dff3e4}.WARN{background:#fff1c2}.FAIL{background:#f7a8a8}
.fail{color:#b42318;font-weight:600}.bar{position:relative;height:10px;background:#e8ecf3;width:180px}.bar span{position:absolute;left:0;top:0;bottom:0;background:#4f6bed}
.bar i{position:absolute;top:4px;height:2px;background:#000}code{font-size:10px}</style></head><body>
<h1>Fairness audit report</h1>
<p>${esc(a.projectName)} · ${esc(subject)} · ${esc(a.source.kind === 'MODEL_VERSION' ? 'predictions of the model on ' : '')}${esc(a.source.fileName)} (${esc(a.source.rows ?? '?')} rows) · run ${esc(a.createdAt.slice(0, 16).replace('T', ' '))} UTC</p>
<p>Verdict: <span class="verdict ${esc(a.verdict)}">${esc(a.verdict ?? 'pending')}</span> · sensitive features: ${esc(a.sensitive.join(' × '))}</p>
<h2>Lineage</h2>${lineageHtml(a)}
<h2>Reasons</h2>${a.reasons.length ? `<ul>${a.reasons.map((x) => `<li><b>${x.severity === 'FAIL' ? 'Fails' : 'Warning'}:</b> ${esc(x.message)}</li>`).join('')}</ul>` : '<p>No parity flag or difference outside the policy.</p>'}
${p ? `<p class="muted">Policy: τ ${esc(r?.aequitas.tau)}, gating parity on ${esc(p.parityMetrics.join(', '))}, max demographic parity difference ${esc(p.maxDemographicParityDifference)}, max equalized odds difference ${esc(p.maxEqualizedOddsDifference)}, warn margin ${esc(p.warnMargin)}, minimum group ${esc(p.minGroupRows)} rows.</p>` : ''}
<h2>Per-group metrics</h2><table><tr><th>Group</th><th>Selection rate</th><th></th><th>TPR</th><th>FPR</th></tr>${bars}</table>
${r?.intervals ? `<p class="muted">Black segments: ${Math.round((r.intervals[0]?.level ?? 0.95) * 100)}% bootstrap intervals of the selection rate.</p>` : ''}
<h2>Fairness metrics</h2><table>
<tr><td>Demographic parity difference / ratio</td><td>${num(r?.fairlearn.demographicParityDifference.betweenGroups)} / ${num(r?.fairlearn.demographicParityRatio.betweenGroups)}</td></tr>
<tr><td>Equalized odds difference (worst case)</td><td>${num(r?.fairlearn.equalizedOddsDifference.worstCase.betweenGroups)}</td></tr>
<tr><td>Equal opportunity difference</td><td>${num(r?.fairlearn.equalOpportunityDifference.betweenGroups)}</td></tr>
${r?.aif360 ? `<tr><td>Disparate impact (unprivileged / privileged)</td><td>${num(r.aif360.disparateImpact)}</td></tr><tr><td>Statistical parity difference</td><td>${num(r.aif360.statisticalParityDifference)}</td></tr>` : ''}
</table>
<h2>Disparities and parity flags (τ = ${esc(r?.aequitas.tau)})</h2><table><tr><th>Attribute</th><th>Group</th><th>Selection rate</th><th>TPR</th><th>FPR</th></tr>${parity}</table>
<h2>Mitigation</h2>${mitigationHtml(a)}
${a.exception ? `<h2>Accepted exception</h2><p>Accepted by ${esc(a.exception.byName ?? a.exception.byId)} on ${esc(a.exception.at.slice(0, 10))} for the promotion gate: ${esc(a.exception.justification)}</p>` : ''}
<h2>Ethics review</h2>${review}
<h2>Notes on undefined values</h2>${notesHtml(a)}
<p class="muted">Generated by Meridian; definitions in docs/fairness-audit.md.</p>
</body></html>`;
}

/** Raised when no Chromium binary is found (CHROME_PATH, then the Debian and Chrome paths). */
export class ChromiumMissingError extends Error {
  constructor() {
    super('PDF reports need Chromium on this host: install it (apt-get install chromium) or set CHROME_PATH');
    this.name = 'ChromiumMissingError';
  }
}

export function chromiumPath(): string | null {
  return [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p): p is string => !!p && existsSync(p)) ?? null;
}

export async function renderPdf(html: string): Promise<Buffer> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new ChromiumMissingError();
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  try {
    const page = await browser.newPage({ javaScriptEnabled: false });
    // Nothing leaves the process: the HTML is self-contained.
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ format: 'A4', printBackground: true, margin: { top: '14mm', bottom: '14mm', left: '12mm', right: '12mm' } });
  } finally {
    await browser.close();
  }
}

/**
 * Renders the finished audit's PDF, stores it in the artifact store and points the audit at it
 * (replacing an older one). The pointer is only set if the audit did not change meanwhile (a review
 * or an exception clears `pdfKey` and bumps `updatedAt`), so a stale PDF is never kept.
 */
export async function storeAuditPdf(
  prisma: Prisma_,
  artifacts: ArtifactStore,
  organizationId: string,
  id: string,
  opts: { replace?: boolean } = {},
): Promise<{ bytes: Buffer; key: string | null } | null> {
  const row = await prisma.fairnessAudit.findFirst({ where: { id, organizationId }, select: { pdfKey: true, updatedAt: true, status: true } });
  if (!row || row.status !== 'SUCCEEDED') return null;
  // The job renders once; a download that found the stored file missing replaces the pointer.
  if (row.pdfKey && !opts.replace) return null;
  const view = await loadFairnessAuditView(prisma, organizationId, id);
  if (!view) return null;
  const bytes = await renderPdf(auditReportHtml(view));
  const key = `fairness-audits/${organizationId}/${id}/report-${Date.now()}.pdf`;
  await artifacts.put(key, bytes, { contentType: 'application/pdf' });
  const claimed = await prisma.fairnessAudit.updateMany({ where: { id, organizationId, updatedAt: row.updatedAt }, data: { pdfKey: key } });
  if (claimed.count === 0) {
    // The audit changed while rendering: this PDF may be stale; the next download renders anew.
    await artifacts.delete(key).catch(() => undefined);
    return { bytes, key: null };
  }
  if (row.pdfKey && row.pdfKey !== key) await artifacts.delete(row.pdfKey).catch(() => undefined);
  return { bytes, key };
}
