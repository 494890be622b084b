// The audit report as a PDF, rendered by headless Chromium (playwright-core) from self-contained
// HTML: the same sections as the dashboard report page, without scripts or network requests.
import { existsSync } from 'node:fs';
import type { FairnessAuditView } from '@meridian/domain';
import { AppError } from '../common/app-error';

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const pct = (v: number | null | undefined) => (v === null || v === undefined ? 'n/a' : `${(v * 100).toFixed(1)}%`);
const num = (v: number | null | undefined, d = 3) => (v === null || v === undefined ? 'n/a' : v.toFixed(d));

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
  const t = a.mitigation?.thresholds;
  const review = a.review
    ? `<p><b>${esc(a.review.decision.replace(/_/g, ' ').toLowerCase())}</b> by ${esc(a.review.reviewerName ?? a.review.reviewerId)} on ${esc(a.review.at.slice(0, 10))}: ${esc(a.review.note)}</p>`
    : '<p class="muted">Not reviewed yet.</p>';
  return `<!doctype html><html><head><meta charset="utf-8"><title>Fairness audit ${esc(a.id)}</title><style>
body{font:11px/1.45 system-ui,sans-serif;color:#1a1a1a;margin:0}h1{font-size:18px;margin:0 0 4px}h2{font-size:13px;margin:16px 0 6px;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:3px 6px;border-bottom:1px solid #eee;vertical-align:top}.muted{color:#666}
.verdict{display:inline-block;padding:2px 10px;border-radius:10px;font-weight:700}.PASS{background:#dff3e4}.WARN{background:#fff1c2}.FAIL{background:#f7a8a8}
.fail{color:#b42318;font-weight:600}.bar{position:relative;height:10px;background:#e8ecf3;width:180px}.bar span{position:absolute;left:0;top:0;bottom:0;background:#4f6bed}
.bar i{position:absolute;top:4px;height:2px;background:#000}</style></head><body>
<h1>Fairness audit report</h1>
<p>${esc(a.projectName)} · ${esc(a.source.kind === 'MODEL_VERSION' ? 'predictions of the model on ' : '')}${esc(a.source.fileName)} (sha256 ${esc(a.source.sha256.slice(0, 16))}…, ${esc(a.source.rows ?? '?')} rows) · ${esc(
  a.modelVersionId ? `model version ${a.modelVersionId}${a.datasetVersionId ? `, dataset version ${a.datasetVersionId}` : ''}` : 'uploaded predictions',
)} · run ${esc(a.createdAt.slice(0, 16).replace('T', ' '))} UTC</p>
<p>Verdict: <span class="verdict ${esc(a.verdict)}">${esc(a.verdict ?? 'pending')}</span> · sensitive features: ${esc(a.sensitive.join(' × '))}</p>
<h2>Reasons</h2>${a.reasons.length ? `<ul>${a.reasons.map((x) => `<li><b>${x.severity === 'FAIL' ? 'Fails' : 'Warning'}:</b> ${esc(x.message)}</li>`).join('')}</ul>` : '<p>No parity flag or difference outside the policy.</p>'}
<h2>Per-group metrics</h2><table><tr><th>Group</th><th>Selection rate</th><th></th><th>TPR</th><th>FPR</th></tr>${bars}</table>
${r?.intervals ? `<p class="muted">Black segments: ${Math.round((r.intervals[0]?.level ?? 0.95) * 100)}% bootstrap intervals of the selection rate.</p>` : ''}
<h2>Fairness metrics</h2><table>
<tr><td>Demographic parity difference / ratio</td><td>${num(r?.fairlearn.demographicParityDifference.betweenGroups)} / ${num(r?.fairlearn.demographicParityRatio.betweenGroups)}</td></tr>
<tr><td>Equalized odds difference (worst case)</td><td>${num(r?.fairlearn.equalizedOddsDifference.worstCase.betweenGroups)}</td></tr>
<tr><td>Equal opportunity difference</td><td>${num(r?.fairlearn.equalOpportunityDifference.betweenGroups)}</td></tr>
${r?.aif360 ? `<tr><td>Disparate impact (unprivileged / privileged)</td><td>${num(r.aif360.disparateImpact)}</td></tr><tr><td>Statistical parity difference</td><td>${num(r.aif360.statisticalParityDifference)}</td></tr>` : ''}
</table>
<h2>Disparities and parity flags (τ = ${esc(r?.aequitas.tau)})</h2><table><tr><th>Attribute</th><th>Group</th><th>Selection rate</th><th>TPR</th><th>FPR</th></tr>${parity}</table>
<h2>Mitigation</h2>${
    t
      ? `<p>Group thresholds (demographic parity): DP difference ${num(t.before.demographicParityDifference)} → ${num(t.after.demographicParityDifference)}, accuracy ${pct(t.before.accuracy)} → ${pct(t.after.accuracy)}; thresholds ${esc(t.thresholds.map((x) => `${x.group} ≥ ${num(x.threshold)}`).join(', '))}.</p>`
      : ''
  }${a.mitigation?.reweighing ? `<p>Reweighing: label base-rate difference ${num(a.mitigation.reweighing.before.baseRateDifference)} → ${num(a.mitigation.reweighing.after.baseRateDifference)}.</p>` : ''}
${a.exception ? `<h2>Accepted exception</h2><p>Accepted by ${esc(a.exception.byName ?? a.exception.byId)} on ${esc(a.exception.at.slice(0, 10))} for the promotion gate: ${esc(a.exception.justification)}</p>` : ''}
<h2>Ethics review</h2>${review}
<p class="muted">Undefined values: ${r?.notes.length ?? 0} (each explained in the audit's JSON). Generated by Meridian; definitions in docs/fairness-audit.md.</p>
</body></html>`;
}

export function chromiumPath(): string {
  const found = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p): p is string => !!p && existsSync(p));
  if (!found) throw new AppError('SERVICE_UNAVAILABLE', 'PDF reports need Chromium on the API host: install it (apt-get install chromium) or set CHROME_PATH');
  return found;
}

export async function renderPdf(html: string): Promise<Buffer> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
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
