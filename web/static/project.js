// The project page and form: small enhancements; both work without them.
(function () {
  "use strict";
  // The stage form asks for a reason only when the project is lost.
  var to = document.getElementById("stage-to");
  var lost = document.getElementById("stage-lost-field");
  if (to && lost) {
    var sync = function () { lost.hidden = to.value !== "lost"; };
    to.addEventListener("change", sync);
    sync();
  }
  // The conflict panel: the control shows the value the chosen radio keeps,
  // and typing in a control means keeping one's own input.
  function apply(radio) {
    var el = document.getElementById(radio.getAttribute("data-target"));
    if (!el) return;
    var v = radio.getAttribute("data-value");
    if (el.type === "checkbox") el.checked = v === "true";
    else el.value = v;
  }
  var radios = document.querySelectorAll(".conflict-choice input[type=radio]");
  Array.prototype.forEach.call(radios, function (radio) {
    if (radio.checked) apply(radio);
    radio.addEventListener("change", function () { if (radio.checked) apply(radio); });
    var el = document.getElementById(radio.getAttribute("data-target"));
    if (el && radio.value === "mine") {
      el.addEventListener("input", function () {
        radio.checked = true;
        radio.setAttribute("data-value", el.type === "checkbox" ? String(el.checked) : el.value);
      });
    }
  });
})();
