// Pipeline board: drag a card to another column, or use its Move menu, to
// move the project through the JSON API. When the stage gate refuses, a
// dialog asks for exactly the fields it named and completes the move.
// Without this script the Move menu posts a form that does the same.
(function () {
  "use strict";
  var board = document.getElementById("board");
  if (!board) return;
  var msgs = {};
  try { msgs = JSON.parse(document.getElementById("board-messages").textContent); } catch (e) { /* read-only board */ }
  var status = document.getElementById("board-status");
  var lang = document.documentElement.lang || "en";
  var dialog = document.getElementById("gate-dialog");
  var GATE = ["contract_actual", "total_investment", "contracted_fdi", "enterprise_id", "construction_actual", "site", "operation_actual", "lost_reason", "note"];
  var SET = GATE.slice(0, 7);
  var COMPANY = ["enterprise.uscc", "enterprise.registration_date"];

  function fmt(s) {
    var args = arguments, i = 1;
    return String(s || "").replace(/%s/g, function () { return args[i++]; });
  }
  // say announces through the live region (and shows it).
  function say(text) {
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }
  function stageLabel(stage) {
    var col = document.getElementById("column-" + stage);
    return col ? col.getAttribute("data-label") : stage;
  }
  // The store names fields as the API does: "set.total_investment.currency"
  // belongs to the total_investment control.
  function fieldName(f) {
    f = String(f || "").replace(/^set\./, "");
    return f.indexOf("enterprise.") === 0 ? f : f.split(".")[0];
  }

  // After a move the page reloads (so that counts and converted totals are
  // right); say what happened and return focus to the card.
  var after = null;
  try { after = JSON.parse(window.sessionStorage.getItem("attract.board") || "null"); } catch (e) { after = null; }
  if (after) {
    window.sessionStorage.removeItem("attract.board");
    say(after.msg);
    var moved = document.getElementById("card-" + after.id);
    if (moved) { var link = moved.querySelector("a.name"); if (link) link.focus(); }
  }
  function reloadSaying(msg, id) {
    try { window.sessionStorage.setItem("attract.board", JSON.stringify({ msg: msg, id: id })); } catch (e) { /* private mode */ }
    window.location.reload();
  }

  function post(card, body) {
    return window.fetch("/api/v1/projects/" + card.getAttribute("data-id") + "/stage", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "Accept-Language": lang },
      body: JSON.stringify(body)
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (data) { return { status: res.status, data: data }; });
    });
  }

  // move asks the API to move the card's project; extra carries the gate's
  // fields when the dialog sends them.
  function move(card, to, extra) {
    var body = { to: to, version: Number(card.getAttribute("data-version")) };
    if (extra) { Object.keys(extra).forEach(function (k) { body[k] = extra[k]; }); }
    var name = card.getAttribute("data-name");
    return post(card, body).then(function (r) {
      if (r.status === 200) {
        reloadSaying(fmt(msgs.moved, name, stageLabel(to)), card.getAttribute("data-id"));
      } else if (r.status === 409) {
        if (dialog && dialog.open) dialog.close();
        say(fmt(msgs.conflict, name));
        window.setTimeout(function () { window.location.reload(); }, 2500);
      } else if (r.status === 400 && dialog && gateable(r.data.errors || [])) {
        openGate(card, to, r.data);
      } else {
        var why = fmt(msgs.failed, name, r.data.detail || r.status);
        if (dialog && dialog.open) showErrors(r.data, why); else say(why);
      }
    }, function () {
      if (dialog && dialog.open) showErrors({}, msgs.network); else say(msgs.network);
    });
  }
  function gateable(errors) {
    return errors.some(function (e) {
      var n = fieldName(e.field);
      return GATE.indexOf(n) >= 0 || COMPANY.indexOf(n) >= 0;
    });
  }

  // ---- The gate dialog ----
  var gate = null; // {card, to, slots: {name: element}}
  var slots = document.getElementById("gate-slots");
  var templates = document.getElementById("gate-fields");

  function control(slot, name) { return slot.querySelector('[name="' + name + '"]'); }

  function setError(slot, name, msg) {
    var c = control(slot, name);
    if (!c) return;
    var old = slot.querySelector("#" + c.id + "-error");
    if (old) old.parentNode.removeChild(old);
    var described = (c.getAttribute("aria-describedby") || "").split(" ").filter(function (id) { return id && id !== c.id + "-error"; });
    if (msg) {
      var p = document.createElement("p");
      p.className = "field-error";
      p.id = c.id + "-error";
      p.textContent = msg;
      c.closest(".field").appendChild(p);
      c.setAttribute("aria-invalid", "true");
      described.push(p.id);
    } else {
      c.removeAttribute("aria-invalid");
    }
    if (described.length) c.setAttribute("aria-describedby", described.join(" ")); else c.removeAttribute("aria-describedby");
  }

  function addSlot(name) {
    if (gate.slots[name]) return gate.slots[name];
    var tpl = templates.content.querySelector('.gate-field[data-name="' + name + '"]');
    if (!tpl) return null;
    var slot = tpl.cloneNode(true);
    gate.slots[name] = slot;
    if (name === "enterprise_id") wireCompanySearch(slot);
    return slot;
  }

  function showErrors(problem, text) {
    var box = document.getElementById("gate-errors");
    box.textContent = "";
    var p = document.createElement("p");
    p.textContent = text || problem.detail || "";
    box.appendChild(p);
    var others = (problem.errors || []).filter(function (e) {
      var n = fieldName(e.field);
      return GATE.indexOf(n) < 0 && COMPANY.indexOf(n) < 0;
    });
    if (others.length) {
      var ul = document.createElement("ul");
      others.forEach(function (e) { var li = document.createElement("li"); li.textContent = e.field + ": " + e.message; ul.appendChild(li); });
      box.appendChild(ul);
    }
    box.hidden = false;
  }

  function openGate(card, to, problem) {
    if (!gate || gate.card !== card || gate.to !== to) {
      gate = { card: card, to: to, slots: {} };
      slots.textContent = "";
    }
    document.getElementById("gate-title").textContent = fmt(msgs.title, card.getAttribute("data-name"), stageLabel(to));
    showErrors(problem, (problem.errors || []).length ? msgs.errors : "");
    var byName = {}, company = [];
    (problem.errors || []).forEach(function (e) {
      var n = fieldName(e.field);
      if (GATE.indexOf(n) >= 0 && !byName[n]) byName[n] = e.message;
      if (COMPANY.indexOf(n) >= 0) company.push((msgs[n] ? msgs[n] + ": " : "") + e.message);
    });
    Object.keys(byName).forEach(addSlot);
    // Keep every field shown so far, in the gate's order, with its value.
    GATE.forEach(function (n) {
      var slot = gate.slots[n];
      if (!slot) return;
      slots.appendChild(slot);
      setError(slot, n, byName[n] || "");
    });
    var box = document.getElementById("gate-company");
    var list = document.getElementById("gate-company-list");
    list.textContent = "";
    company.forEach(function (m) { var li = document.createElement("li"); li.textContent = m; list.appendChild(li); });
    var ent = gate.slots.enterprise_id ? control(gate.slots.enterprise_id, "enterprise_id").value : "";
    ent = ent || card.getAttribute("data-enterprise");
    document.getElementById("gate-company-link").href = "/companies/" + (ent && ent !== "0" ? ent : "");
    box.hidden = company.length === 0;
    document.getElementById("gate-submit").hidden = Object.keys(gate.slots).length === 0;
    status.textContent = "";
    if (!dialog.open) dialog.showModal();
    var first = slots.querySelector('[aria-invalid="true"]') || slots.querySelector("input, select, textarea");
    if (first) first.focus();
  }

  // The enterprise select offers the investor and the companies whose name
  // matches the search box, fetched from the API as the user types.
  function wireCompanySearch(slot) {
    var search = control(slot, "enterprise_q");
    var select = control(slot, "enterprise_id");
    var timer = null, seq = 0;
    function fill(items) {
      var keep = select.value;
      while (select.options.length > 1) select.remove(1);
      var seen = {};
      var invID = gate.card.getAttribute("data-investor-id");
      if (invID) { seen[invID] = true; select.add(new Option(fmt(msgs.investor, gate.card.getAttribute("data-investor")), invID)); }
      items.forEach(function (c) {
        if (seen[c.id]) return;
        seen[c.id] = true;
        select.add(new Option(c.name_zh || c.name_en, String(c.id)));
      });
      if (keep && seen[keep]) select.value = keep;
    }
    function load() {
      var mine = ++seq;
      search.setAttribute("aria-busy", "true");
      window.fetch("/api/v1/companies?limit=20&q=" + encodeURIComponent(search.value.trim()), {
        credentials: "same-origin", headers: { "Accept": "application/json", "Accept-Language": lang }
      }).then(function (res) { return res.ok ? res.json() : { items: [] }; }).then(function (data) {
        if (mine !== seq) return;
        search.removeAttribute("aria-busy");
        fill(data.items || []);
        if (search.value.trim() && !(data.items || []).length) say(msgs.nomatch);
      }, function () { search.removeAttribute("aria-busy"); });
    }
    search.addEventListener("input", function () { window.clearTimeout(timer); timer = window.setTimeout(load, 250); });
    search.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); window.clearTimeout(timer); load(); } });
    fill([]);
    load();
  }

  if (dialog) {
    document.getElementById("gate-form").addEventListener("submit", function (e) {
      e.preventDefault();
      if (!gate) return;
      var extra = { set: {} };
      Object.keys(gate.slots).forEach(function (n) {
        var v = control(gate.slots[n], n).value.trim();
        if (!v) return;
        if (n === "note" || n === "lost_reason") extra[n] = v;
        else if (n === "enterprise_id") extra.set[n] = Number(v);
        else if (SET.indexOf(n) >= 0) extra.set[n] = v;
      });
      if (!Object.keys(extra.set).length) delete extra.set;
      move(gate.card, gate.to, extra);
    });
    document.getElementById("gate-cancel").addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("close", function () {
      if (!gate) return;
      var link = gate.card.querySelector("a.name");
      gate = null;
      if (link) link.focus();
    });
  }

  // ---- The Move menu, without leaving the page ----
  board.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.classList || !form.classList.contains("move-form")) return;
    e.preventDefault();
    move(form.closest(".cardlet"), form.elements.to.value);
  });

  // ---- Drag and drop ----
  var dragged = null;
  function clearTargets() {
    Array.prototype.forEach.call(board.querySelectorAll(".column.drop-target"), function (c) { c.classList.remove("drop-target"); });
  }
  function targetOf(e) {
    var col = e.target.closest ? e.target.closest(".column") : null;
    return col && dragged && col.getAttribute("data-stage") !== dragged.getAttribute("data-stage") ? col : null;
  }
  board.addEventListener("dragstart", function (e) {
    var card = e.target.closest ? e.target.closest('.cardlet[draggable="true"]') : null;
    if (!card) return;
    dragged = card;
    card.classList.add("dragging");
    e.dataTransfer.effectAllowed = "move";
    e.dataTransfer.setData("text/plain", card.getAttribute("data-name"));
    say(fmt(msgs.picked, card.getAttribute("data-name")));
  });
  board.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("dragging");
    dragged = null;
    clearTargets();
  });
  board.addEventListener("dragover", function (e) {
    var col = targetOf(e);
    if (!col) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = "move";
    if (!col.classList.contains("drop-target")) { clearTargets(); col.classList.add("drop-target"); }
  });
  board.addEventListener("dragleave", function (e) {
    var col = targetOf(e);
    if (col && !col.contains(e.relatedTarget)) col.classList.remove("drop-target");
  });
  board.addEventListener("drop", function (e) {
    var col = targetOf(e);
    if (!col) return;
    e.preventDefault();
    var card = dragged;
    clearTargets();
    move(card, col.getAttribute("data-stage"));
  });
})();
