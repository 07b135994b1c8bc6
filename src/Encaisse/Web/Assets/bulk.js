// Bulk selection on the lists: a "select all" box ticks every box of its form (form="…"). Without script the boxes work one by one.
document.querySelectorAll('input[data-bulk-all]').forEach(function (all) {
  var form = all.getAttribute('data-bulk-all');
  all.addEventListener('change', function () {
    document.querySelectorAll('input[type=checkbox][form="' + form + '"][name]').forEach(function (box) { box.checked = all.checked; });
  });
});
