// Import progress: polls the status of the running import and reloads the page (which then shows the report) when it is done.
(function () {
  var box = document.querySelector('[data-status-url]');
  if (!box) { return; }
  var bar = document.getElementById('import-bar');
  var rows = box.querySelector('[data-testid=import-rows]');
  var percent = box.querySelector('[data-testid=import-percent]');
  var format = new Intl.NumberFormat(document.documentElement.lang === 'en' ? 'en-GB' : 'fr-FR');
  function poll() {
    fetch(box.getAttribute('data-status-url'), { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) {
        if (!s) { setTimeout(poll, 2000); return; }
        if (s.done) { window.location.reload(); return; }
        bar.value = s.percent;
        bar.textContent = s.percent + ' %';
        rows.textContent = format.format(s.rowsRead).replace(/\u202f|\u00a0/g, ' ') + ' ' + rows.getAttribute('data-label');
        percent.textContent = s.percent;
        setTimeout(poll, 500);
      })
      .catch(function () { setTimeout(poll, 2000); });
  }
  setTimeout(poll, 300);
})();
