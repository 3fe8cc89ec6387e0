// Import pages: dims the columns mapped to nothing as the user changes the
// selects, and asks before an all-or-nothing import that will store nothing.
// The pages work without it.
(function () {
  'use strict';
  document.querySelectorAll('.import-map select[name^="field-"]').forEach(function (sel) {
    sel.addEventListener('change', function () {
      var row = sel.closest('tr');
      if (row) row.classList.toggle('ignored', sel.value === '');
    });
  });
  document.querySelectorAll('.import-actions button[data-confirm]').forEach(function (btn) {
    btn.addEventListener('click', function (e) {
      if (!window.confirm(btn.getAttribute('data-confirm'))) e.preventDefault();
    });
  });
})();
