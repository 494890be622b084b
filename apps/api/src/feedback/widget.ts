// The embeddable feedback widget, served as /api/public/feedback/widget.js. Plain ES2017, no
// dependencies, no cookies: it reads its settings from the <script> tag's data-* attributes and
// posts to the public endpoint with the project's feedback key.
export const WIDGET_JS = `(function () {
  var s = document.currentScript;
  if (!s) return;
  var key = s.getAttribute('data-key');
  var api = s.getAttribute('data-api') || s.src.replace(/\\/api\\/public\\/feedback\\/widget\\.js.*$/, '');
  var modelVersionId = s.getAttribute('data-model-version') || undefined;
  var question = s.getAttribute('data-question') || 'How likely are you to recommend us to a friend?';
  var target = document.getElementById(s.getAttribute('data-target') || 'meridian-feedback');
  if (!target) { target = document.createElement('div'); s.parentNode.insertBefore(target, s); }
  var box = document.createElement('form');
  box.setAttribute('aria-label', 'Feedback');
  box.style.cssText = 'font:14px system-ui,sans-serif;border:1px solid #ccd;border-radius:8px;padding:12px;max-width:420px';
  var q = document.createElement('p'); q.textContent = question; q.style.margin = '0 0 8px'; box.appendChild(q);
  var chosen = null; var row = document.createElement('div'); row.setAttribute('role', 'radiogroup');
  for (var i = 0; i <= 10; i++) (function (n) {
    var b = document.createElement('button'); b.type = 'button'; b.textContent = String(n);
    b.setAttribute('aria-label', 'Score ' + n); b.style.cssText = 'margin:2px;min-width:28px';
    b.onclick = function () { chosen = n; Array.prototype.forEach.call(row.children, function (c) { c.style.fontWeight = 'normal'; }); b.style.fontWeight = 'bold'; };
    row.appendChild(b);
  })(i);
  box.appendChild(row);
  var t = document.createElement('textarea'); t.placeholder = 'Anything to add? (optional)'; t.maxLength = 2000; t.style.cssText = 'width:100%;margin-top:8px'; box.appendChild(t);
  var send = document.createElement('button'); send.type = 'submit'; send.textContent = 'Send'; box.appendChild(send);
  var msg = document.createElement('p'); msg.setAttribute('role', 'status'); box.appendChild(msg);
  box.onsubmit = function (e) {
    e.preventDefault();
    if (chosen === null && !t.value.trim()) { msg.textContent = 'Pick a score or write a comment.'; return; }
    var body = { nps: chosen, comment: t.value.trim() || undefined, modelVersionId: modelVersionId };
    fetch(api + '/api/public/feedback', { method: 'POST', headers: { 'content-type': 'application/json', 'x-feedback-key': key }, body: JSON.stringify(body) })
      .then(function (r) {
        msg.textContent = r.ok ? 'Thank you!' : r.status === 429 ? 'Too many responses, try again later.' : 'Could not send feedback.';
        if (r.ok) send.disabled = true;
        // A set-up mistake of the embedding page (e.g. data-model-version of another project): tell its developer.
        if (r.status === 422 || r.status === 401) r.json().then(function (b) { console.warn('Meridian feedback widget: ' + (b && b.error ? b.error.message : r.status)); }).catch(function () {});
      })
      .catch(function () { msg.textContent = 'Could not send feedback.'; });
  };
  target.appendChild(box);
})();
`;

/** The HTML a customer pastes into their page. */
export function widgetSnippet(apiUrl: string, key: string, opts: { modelVersionId?: string } = {}): string {
  const mv = opts.modelVersionId ? ` data-model-version="${opts.modelVersionId}"` : '';
  return `<div id="meridian-feedback"></div>\n<script src="${apiUrl}/api/public/feedback/widget.js" data-key="${key}"${mv} async></script>`;
}
