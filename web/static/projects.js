// Project list: sends the filter form as a short, readable address —
// checked boxes become one comma-separated parameter (stage=lead,signed),
// empty filters and defaults are left out. Without this script the form
// still works: the server reads either form.
(function () {
  "use strict";
  var form = document.querySelector("form.pl-filters");
  if (!form || !window.location.assign) return;

  function encode(s) {
    return encodeURIComponent(s).replace(/%2C/gi, ",");
  }

  form.addEventListener("submit", function (e) {
    var params = [];
    var lists = { stage: [], cols: [] };
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.disabled) return;
      if (el.type === "checkbox") {
        if (!el.checked) return;
        if (lists[el.name]) {
          lists[el.name].push(el.value);
          return;
        }
      }
      if (el.value === "" || (el.name === "limit" && el.value === form.dataset.limit)) return;
      params.push([el.name, el.value]);
    });
    if (lists.stage.length) params.push(["stage", lists.stage.join(",")]);
    var cols = lists.cols.join(",");
    if (cols && cols !== form.dataset.cols) params.push(["cols", cols]);
    e.preventDefault();
    var query = params.map(function (p) { return encode(p[0]) + "=" + encode(p[1]); }).join("&");
    window.location.assign(form.getAttribute("action") + (query ? "?" + query : ""));
  });
})();
