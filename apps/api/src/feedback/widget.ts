// The embeddable feedback widget, served as /api/public/feedback/widget.js. Plain ES2017, no
// dependencies, no cookies: it reads its settings from the <script> tag's data-* attributes and
// posts to the public endpoint with the project's feedback key.
// data-kind: "nps" (0–10, the default), "csat" (1–5) or "thumbs" (up/down); data-question overrides
// the kind's question; data-survey, data-model-version and data-prediction tie the answer to a survey,
// a model version and a prediction of the key's project. Set-up mistakes of the embedding page (an
// unknown kind, a survey or model version of another project, a prediction without a model version)
// are told to its developer in the console (the API's 422/401 message); users only see "could not send".
export const WIDGET_KINDS = ['nps', 'csat', 'thumbs'] as const;
export type WidgetKind = (typeof WIDGET_KINDS)[number];

export const WIDGET_JS = `(function () {
  var s = document.currentScript;
  if (!s) return;
  var warn = function (m) { if (window.console) console.warn('Meridian feedback widget: ' + m); };
  var key = s.getAttribute('data-key');
  var api = s.getAttribute('data-api') || s.src.replace(/\\/api\\/public\\/feedback\\/widget\\.js.*$/, '');
  var attr = function (n) { var v = s.getAttribute(n); return v && v.trim() ? v.trim() : undefined; };
  var kind = (attr('data-kind') || 'nps').toLowerCase();
  var kinds = {
    nps: { question: 'How likely are you to recommend us to a friend?', field: 'nps', choices: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(function (n) { return { value: n, text: String(n), label: 'Score ' + n }; }) },
    csat: { question: 'How satisfied are you with this?', field: 'csat', choices: [1, 2, 3, 4, 5].map(function (n) { return { value: n, text: String(n), label: 'Rating ' + n + ' of 5' }; }) },
    thumbs: { question: 'Was this helpful?', field: 'thumbs', choices: [{ value: 'up', text: '\\u{1F44D}', label: 'Thumbs up' }, { value: 'down', text: '\\u{1F44E}', label: 'Thumbs down' }] }
  };
  if (!kinds[kind]) { warn('data-kind="' + kind + '" is not one of nps, csat, thumbs; showing nps'); kind = 'nps'; }
  var k = kinds[kind];
  var extra = { surveyId: attr('data-survey'), modelVersionId: attr('data-model-version'), predictionId: attr('data-prediction') };
  if (extra.predictionId && !extra.modelVersionId) warn('data-prediction needs data-model-version (the model version that made the prediction); the API will refuse it');
  var question = attr('data-question') || k.question;
  var target = document.getElementById(s.getAttribute('data-target') || 'meridian-feedback');
  if (!target) { target = document.createElement('div'); s.parentNode.insertBefore(target, s); }
  var box = document.createElement('form');
  box.setAttribute('aria-label', 'Feedback');
  box.setAttribute('data-kind', kind);
  box.style.cssText = 'font:14px system-ui,sans-serif;border:1px solid #ccd;border-radius:8px;padding:12px;max-width:420px';
  var q = document.createElement('p'); q.textContent = question; q.style.margin = '0 0 8px'; box.appendChild(q);
  var chosen = null; var row = document.createElement('div'); row.setAttribute('role', 'group'); row.setAttribute('aria-label', question);
  k.choices.forEach(function (c) {
    var b = document.createElement('button'); b.type = 'button'; b.textContent = c.text;
    b.setAttribute('aria-label', c.label); b.setAttribute('aria-pressed', 'false'); b.style.cssText = 'margin:2px;min-width:28px';
    b.onclick = function () {
      chosen = c.value;
      Array.prototype.forEach.call(row.children, function (x) { x.style.fontWeight = 'normal'; x.setAttribute('aria-pressed', 'false'); });
      b.style.fontWeight = 'bold'; b.setAttribute('aria-pressed', 'true');
    };
    row.appendChild(b);
  });
  box.appendChild(row);
  var t = document.createElement('textarea'); t.placeholder = 'Anything to add? (optional)'; t.maxLength = 2000; t.style.cssText = 'width:100%;margin-top:8px'; box.appendChild(t);
  var send = document.createElement('button'); send.type = 'submit'; send.textContent = 'Send'; box.appendChild(send);
  var msg = document.createElement('p'); msg.setAttribute('role', 'status'); box.appendChild(msg);
  box.onsubmit = function (e) {
    e.preventDefault();
    if (chosen === null && !t.value.trim()) { msg.textContent = kind === 'thumbs' ? 'Pick thumbs up or down, or write a comment.' : 'Pick a score or write a comment.'; return; }
    var body = { comment: t.value.trim() || undefined, surveyId: extra.surveyId, modelVersionId: extra.modelVersionId, predictionId: extra.predictionId };
    if (chosen !== null) body[k.field] = chosen;
    fetch(api + '/api/public/feedback', { method: 'POST', headers: { 'content-type': 'application/json', 'x-feedback-key': key }, body: JSON.stringify(body) })
      .then(function (r) {
        msg.textContent = r.ok ? 'Thank you!' : r.status === 429 ? 'Too many responses, try again later.' : 'Could not send feedback.';
        if (r.ok) send.disabled = true;
        // A set-up mistake of the embedding page (e.g. data-survey of another project): tell its developer.
        if (r.status === 422 || r.status === 401 || r.status === 400) r.json().then(function (b) { warn(b && b.error ? b.error.message : String(r.status)); }).catch(function () {});
      })
      .catch(function () { msg.textContent = 'Could not send feedback.'; });
  };
  target.appendChild(box);
})();
`;

/** The HTML a customer pastes into their page (the dashboard builds the same, see FeedbackKeys.tsx). */
export function widgetSnippet(apiUrl: string, key: string, opts: { kind?: WidgetKind; surveyId?: string; modelVersionId?: string; predictionId?: string } = {}): string {
  const attrs = [
    opts.kind && opts.kind !== 'nps' ? ` data-kind="${opts.kind}"` : '',
    opts.surveyId ? ` data-survey="${opts.surveyId}"` : '',
    opts.modelVersionId ? ` data-model-version="${opts.modelVersionId}"` : '',
    opts.predictionId ? ` data-prediction="${opts.predictionId}"` : '',
  ].join('');
  return `<div id="meridian-feedback"></div>\n<script src="${apiUrl}/api/public/feedback/widget.js" data-key="${key}"${attrs} async></script>`;
}
