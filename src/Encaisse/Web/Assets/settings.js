/* Settings: live preview of a dunning template. Written here; no framework, no CDN. */
(function () {
  'use strict';
  var form = document.getElementById('template-form');
  if (!form) { return; }
  var texts = JSON.parse(document.getElementById('preview-texts').textContent);
  var state = document.getElementById('preview-state');
  var error = document.getElementById('preview-error');
  var subject = document.getElementById('preview-subject');
  var frame = document.getElementById('preview-frame');
  var meta = document.getElementById('preview-meta');
  var timer = null;
  var sequence = 0;

  function escape(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  function show(result) {
    if (!result.ok) {
      error.textContent = texts[result.error] || (texts.failed + ' ' + result.error);
      error.hidden = false;
      state.textContent = '';
      return;
    }
    error.hidden = true;
    subject.textContent = result.subject || '';
    var body = result.channel === 'sms' ? '<pre style="white-space:pre-wrap">' + escape(result.body || '') + '</pre>' : (result.body || '');
    frame.srcdoc = '<!DOCTYPE html><html><head><meta charset="utf-8"><style>body{font-family:system-ui,sans-serif;font-size:14px;line-height:1.45;margin:12px;color:#1c2330}table{border-collapse:collapse}td,th{padding:2px 6px}</style></head><body>' + body + '</body></html>';
    meta.textContent = texts.step + ' ' + result.step + ' (' + result.channel + ') · ' + texts.invoices + ' ' + (result.invoices.length ? result.invoices.join(', ') : '—');
    state.textContent = texts.done;
  }

  function preview() {
    var mine = ++sequence;
    state.textContent = texts.rendering;
    fetch(form.getAttribute('data-preview-url'), { method: 'POST', body: new FormData(form), credentials: 'same-origin' })
      .then(function (response) { return response.json(); })
      .then(function (result) { if (mine === sequence) { show(result); } })
      .catch(function (e) { if (mine === sequence) { show({ ok: false, error: String(e) }); } });
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(preview, 300);
  }

  form.addEventListener('input', later);
  form.addEventListener('change', later);
  preview();
}());
