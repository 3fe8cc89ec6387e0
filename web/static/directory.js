// Attract directory forms: offer companies by name as the user types. Without
// this script the user types a company's name and the server looks it up.
(function () {
  "use strict";
  var list = document.getElementById("dir-companies");
  if (!list) return;
  var inputs = [document.getElementById("f-ultimate_parent_id"), document.getElementById("f-company_id")];
  var timer = null, last = "";
  function refill(q) {
    fetch("/api/v1/companies?limit=20&q=" + encodeURIComponent(q), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (res) { return res.ok ? res.json() : null; })
      .then(function (body) {
        if (!body || !body.items) return;
        list.textContent = "";
        body.items.forEach(function (c) {
          var o = document.createElement("option");
          o.value = (c.name_zh || c.name_en) + " #" + c.id;
          if (c.name_zh && c.name_en) o.label = c.name_en;
          list.appendChild(o);
        });
      })
      .catch(function () { /* keep the list the page came with */ });
  }
  inputs.forEach(function (input) {
    if (!input) return;
    input.setAttribute("list", "dir-companies");
    input.setAttribute("autocomplete", "off");
    input.addEventListener("input", function () {
      var q = input.value.replace(/#\d+\s*$/, "").trim();
      if (q === last || q.length < 1) return;
      last = q;
      clearTimeout(timer);
      timer = setTimeout(function () { refill(q); }, 200);
    });
  });
})();
