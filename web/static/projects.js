// Project list: keeps the list's address short and readable when the
// filter form is sent — checked boxes become one comma-separated parameter,
// empty filters and defaults are left out. Without it the form still works:
// the server reads either form.
(function () {
  "use strict";
  var form = document.querySelector("form.pl-filters");
  if (!form) return;

  form.addEventListener("submit", function () {
    ["stage", "cols"].forEach(function (name) {
      var values = [];
      form.querySelectorAll('input[type="checkbox"][name="' + name + '"]').forEach(function (box) {
        if (box.checked) values.push(box.value);
        box.disabled = true;
      });
      var joined = values.join(",");
      if (joined === "" || (name === "cols" && joined === form.dataset.cols)) return;
      var hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = name;
      hidden.value = joined;
      hidden.setAttribute("data-added", "");
      form.appendChild(hidden);
    });
    form.querySelectorAll("input, select").forEach(function (el) {
      if (el.disabled || el.type === "checkbox" || el.hasAttribute("data-added")) return;
      if (el.value === "" || (el.name === "limit" && el.value === form.dataset.limit)) el.disabled = true;
    });
  });

  // Coming back to the page (back button, cache) restores the controls.
  window.addEventListener("pageshow", function () {
    form.querySelectorAll("[data-added]").forEach(function (el) { el.remove(); });
    form.querySelectorAll("input:disabled, select:disabled").forEach(function (el) { el.disabled = false; });
  });
})();
