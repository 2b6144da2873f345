(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("audit-data").textContent);
  var IND = D.indicators, ROWS = D.rows;
  var SHORT = {"pass": "pass", "fail": "FAIL", "warn": "warn", "needs-review": "review",
    "not-applicable": "n/a", "error": "ERR"};
  var RANK = {"error": 0, "fail": 1, "warn": 2, "needs-review": 3, "pass": 4, "not-applicable": 5, "": 6};
  var VERDICTS = ["fail", "needs-review", "pass", "error"];
  var STATUSES = ["pass", "fail", "warn", "needs-review", "not-applicable", "error"];
  var COLORS = {"pass": "var(--pass)", "fail": "var(--fail)", "warn": "var(--warn)",
    "needs-review": "var(--review)", "not-applicable": "var(--na)", "error": "var(--error)"};
  var state = {verdict: "", sort: null, desc: false, open: {}};
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var k in (attrs || {})) { node.setAttribute(k, attrs[k]); }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }
  function detail(n) {
    var blocks = document.querySelectorAll('script[data-detail="' + n + '"]');
    var block = blocks.length ? blocks[blocks.length - 1] : null;
    return block ? JSON.parse(block.textContent) : null;
  }
  // Totals cards double as verdict filters.
  var cards = document.getElementById("cards");
  VERDICTS.forEach(function (v) {
    var count = ROWS.filter(function (r) { return r.status === v; }).length;
    var card = el("div", {"class": "card s-" + v, "data-v": v, "title": "Show only " + v});
    card.appendChild(el("b", null, String(count)));
    card.appendChild(document.createTextNode(v));
    card.onclick = function () { state.verdict = state.verdict === v ? "" : v; render(); };
    cards.appendChild(card);
  });
  var claimed = ROWS.filter(function (r) { return r.claims.length; }).length;
  var cc = el("div", {"class": "card", "title": "Targets whose repository contradicts a declared claim"});
  cc.appendChild(el("b", null, String(claimed))); cc.appendChild(document.createTextNode("with contradicted claims"));
  cc.onclick = function () { var b = document.getElementById("onlyclaims"); b.checked = !b.checked; render(); };
  cards.appendChild(cc);
  if (D.compared) {
    var nf = ROWS.filter(function (r) { return r.changes.some(function (c) { return c.kind === "new-failure"; }); }).length;
    var fx = ROWS.filter(function (r) { return r.changes.some(function (c) { return c.kind === "fixed"; }); }).length;
    var ch = el("div", {"class": "card", "title": "Targets that changed since " + D.compared});
    ch.appendChild(el("b", null, nf + " / " + fx));
    ch.appendChild(document.createTextNode("new failures / fixed"));
    ch.onclick = function () { var b = document.getElementById("onlychanged"); b.checked = !b.checked; render(); };
    cards.appendChild(ch);
  } else {
    document.getElementById("onlychanged").parentNode.hidden = true;
  }
  var indSel = document.getElementById("ind"), stSel = document.getElementById("indst");
  IND.forEach(function (id) { indSel.appendChild(el("option", {"value": id}, id + " " + (D.titles[id] || ""))); });
  STATUSES.forEach(function (s) { stSel.appendChild(el("option", {"value": s}, s)); });
  // Header: click to sort; a second click reverses.
  var thead = document.querySelector("#matrix thead"), hr = el("tr");
  var cols = [{key: "label", text: "Target"}, {key: "status", text: "Verdict"}];
  IND.forEach(function (id) { cols.push({key: "ind:" + id, text: id, title: D.titles[id], cls: "ind"}); });
  cols.push({key: "licenses", text: "Licenses"}, {key: "changes", text: D.compared ? "Changes / claims" : "Claims"});
  cols.forEach(function (c) {
    var th = el("th", {"class": c.cls || "", "title": (c.title || c.text) + " — click to sort"}, c.text);
    th.appendChild(el("span", {"class": "arrow"}, ""));
    th.onclick = function () {
      state.desc = state.sort === c.key ? !state.desc : false; state.sort = c.key; render();
    };
    hr.appendChild(th);
  });
  thead.appendChild(hr);
  function sortValue(r, key) {
    if (key === "label") { return r.name.toLowerCase(); }
    if (key === "status") { return RANK[r.status]; }
    if (key === "licenses") { return r.licenses.join(" "); }
    if (key === "changes") { return -(r.changes.length + r.claims.length); }
    return RANK[r.statuses[key.slice(4)] || ""];
  }
  function matches(r) {
    if (state.verdict && r.status !== state.verdict) { return false; }
    var ind = indSel.value, st = stSel.value;
    if (st && ind && r.statuses[ind] !== st) { return false; }
    if (st && !ind && !IND.some(function (i) { return r.statuses[i] === st; })) { return false; }
    if (document.getElementById("onlyclaims").checked && !r.claims.length) { return false; }
    if (document.getElementById("onlychanged").checked && !r.changes.length) { return false; }
    var q = document.getElementById("q").value.trim().toLowerCase();
    if (q) {
      var hay = [r.label, r.key, r.status, r.licenses.join(" "), r.error || "", r.claims.join(" "),
        r.changes.map(function (c) { return c.text; }).join(" ")].join(" ").toLowerCase();
      if (hay.indexOf(q) < 0) { return false; }
    }
    return true;
  }
  function evidenceItem(e) {
    var li = el("li");
    if (e.kind === "manifest") { li.appendChild(el("span", {"class": "kind-manifest"}, "declared: ")); }
    li.appendChild(document.createTextNode(e.detail || ""));
    var loc = e.path ? (e.line ? e.path + ":" + e.line : e.path) : (e.url || "");
    if (loc) {
      li.appendChild(document.createTextNode(" "));
      if (e.url && !e.path) {
        var a = el("a", {"href": e.url, "class": "loc", "rel": "noopener noreferrer"}, loc); li.appendChild(a);
      } else { li.appendChild(el("span", {"class": "loc"}, loc)); }
    }
    return li;
  }
  function detailRow(r, n) {
    var tr = el("tr", {"class": "detail"}), cell = el("td", {"colspan": String(cols.length)});
    // The details stay in view when the table scrolls sideways: a block as wide as the frame.
    var td = el("div", {"class": "detail-body"});
    cell.appendChild(td); tr.appendChild(cell);
    td.appendChild(el("div", {"class": "path"}, r.label));
    var d = detail(n);
    var meta = el("div", {"class": "meta"});
    var audit = (d && d.audit) || {};
    meta.textContent = [r.key, audit.revision ? "revision " + audit.revision : "",
      audit.manifest ? "manifest " + audit.manifest : "", audit.checked_at || "",
      audit.seconds !== undefined ? audit.seconds + " s" : ""].filter(Boolean).join(" · ");
    td.appendChild(meta);
    r.changes.forEach(function (c) { td.appendChild(el("span", {"class": "tag " + c.kind}, c.text)); });
    if (!d) { td.appendChild(el("p", null, "No details.")); return tr; }
    if (d.error) {
      var box = el("div", {"class": "ind-detail st-error"});
      box.appendChild(el("h4", null, "Could not be checked: " + d.error));
      if (d.hint) { box.appendChild(el("div", {"class": "fix"}, "Hint: " + d.hint)); }
      td.appendChild(box); return tr;
    }
    d.indicators.forEach(function (i) {
      var box = el("div", {"class": "ind-detail st-" + i.status});
      var h = el("h4");
      h.appendChild(el("span", {"class": "badge st-" + i.status}, i.status));
      h.appendChild(document.createTextNode(" " + i.id + " " + (i.title || "")));
      box.appendChild(h);
      box.appendChild(el("div", null, i.summary || ""));
      var ul = el("ul");
      i.evidence.forEach(function (e) { ul.appendChild(evidenceItem(e)); });
      if (i.more) { ul.appendChild(el("li", {"class": "loc"}, "… and " + i.more + " more in results.jsonl")); }
      box.appendChild(ul);
      if (i.remediation) { box.appendChild(el("div", {"class": "fix"}, "To do: " + i.remediation)); }
      td.appendChild(box);
    });
    (d.notes || []).forEach(function (note) { td.appendChild(el("div", {"class": "meta"}, "Note: " + note)); });
    return tr;
  }
  function render() {
    Array.prototype.forEach.call(document.querySelectorAll(".card[data-v]"), function (c) {
      c.classList.toggle("on", c.getAttribute("data-v") === state.verdict);
    });
    var order = ROWS.map(function (r, n) { return n; }).filter(function (n) { return matches(ROWS[n]); });
    if (state.sort) {
      order.sort(function (a, b) {
        var x = sortValue(ROWS[a], state.sort), y = sortValue(ROWS[b], state.sort);
        var c = x < y ? -1 : x > y ? 1 : a - b;
        return state.desc ? -c : c;
      });
    }
    Array.prototype.forEach.call(hr.children, function (th, n) {
      th.lastChild.textContent = cols[n].key === state.sort ? (state.desc ? " ▼" : " ▲") : "";
    });
    var tbody = document.querySelector("#matrix tbody"), fresh = el("tbody");
    var ind = indSel.value;
    order.forEach(function (n) {
      var r = ROWS[n], tr = el("tr", {"class": "target", "title": "Click for the evidence"});
      // The short name; the full path or URL on hover and in the details.
      var label = el("td", {"class": "label", "title": r.label === r.key ? r.key : r.label + "\n" + r.key},
        (state.open[n] ? "▾ " : "▸ ") + r.name);
      tr.appendChild(label);
      var v = el("td"); v.appendChild(el("span", {"class": "badge st-" + (r.status === "needs-review" ? "needs-review" : r.status)}, r.status));
      tr.appendChild(v);
      var changedCells = {};
      r.changes.forEach(function (c) { if (c.indicator) { changedCells[c.indicator] = c; } });
      IND.forEach(function (id) {
        var s = r.statuses[id] || "";
        var mark = changedCells[id] ? " chg-" + changedCells[id].kind : "";
        var td = el("td", {"class": "cell st-" + s + mark + (ind && ind !== id ? " dim" : ""),
          "title": id + ": " + (s || "—") + (changedCells[id] ? " (" + changedCells[id].text + ")" : "")},
          SHORT[s] || (r.status === "error" ? "—" : ""));
        tr.appendChild(td);
      });
      tr.appendChild(el("td", {"class": "loc licenses"}, r.licenses.join(", ")));
      var chg = el("td", {"class": "claims"});
      r.claims.forEach(function (c) { chg.appendChild(el("span", {"class": "tag claim", "title": "A declared claim the repository contradicts"}, c)); });
      r.changes.forEach(function (c) {
        if (c.kind !== "changed") { chg.appendChild(el("span", {"class": "tag " + c.kind, "title": c.text},
          c.kind === "new-failure" ? "new ✗ " + (c.indicator || "") : c.kind === "fixed" ? "fixed " + (c.indicator || "")
          : c.kind === "license" ? "license" : c.kind === "new-target" ? "new" : "status")); }
      });
      if (r.error) { chg.appendChild(el("span", {"class": "tag", "title": r.error}, r.error.slice(0, 60))); }
      tr.appendChild(chg);
      tr.onclick = function () { state.open[n] = !state.open[n]; render(); };
      fresh.appendChild(tr);
      if (state.open[n]) { fresh.appendChild(detailRow(r, n)); }
    });
    tbody.parentNode.replaceChild(fresh, tbody);
    document.getElementById("empty").hidden = order.length > 0;
    document.getElementById("shown").textContent = order.length + " of " + ROWS.length + " targets";
    // Totals per indicator over the shown targets: a stacked bar and the failure count.
    var foot = el("tr");
    foot.appendChild(el("td", {"class": "label", "title": "Per indicator, over the targets shown"}, "Totals (shown)"));
    foot.appendChild(el("td"));
    IND.forEach(function (id) {
      var counts = {}; order.forEach(function (n) { var s = ROWS[n].statuses[id]; if (s) { counts[s] = (counts[s] || 0) + 1; } });
      var total = order.length || 1, td = el("td"), bar = el("div", {"class": "bar"});
      STATUSES.forEach(function (s) {
        if (counts[s]) { var span = el("span"); span.style.width = (100 * counts[s] / total) + "%";
          span.style.background = COLORS[s]; span.title = s + ": " + counts[s]; bar.appendChild(span); }
      });
      td.appendChild(bar);
      td.appendChild(document.createTextNode((counts.fail || 0) + " ✗ · " + (counts.pass || 0) + " ✓"));
      td.title = STATUSES.map(function (s) { return s + ": " + (counts[s] || 0); }).join("\n");
      foot.appendChild(td);
    });
    foot.appendChild(el("td")); foot.appendChild(el("td"));
    var tfoot = document.querySelector("#matrix tfoot"); tfoot.innerHTML = ""; tfoot.appendChild(foot);
  }
  // What the totals row shows: one swatch per status, and the two counts written out.
  var legend = document.getElementById("legend");
  legend.appendChild(el("span", null, "Totals row, per indicator over the targets shown: the bar is the share of each status"));
  STATUSES.forEach(function (s) {
    var item = el("span", {"class": "key"}); var sw = el("i"); sw.style.background = COLORS[s];
    item.appendChild(sw); item.appendChild(document.createTextNode(s)); legend.appendChild(item);
  });
  legend.appendChild(el("span", null, "· “n ✗ · m ✓” under an indicator: n targets fail it, m pass it."));
  // The table scrolls inside a frame under the sticky controls: its header row and target
  // column stay in view both ways. The frame's height follows the controls' (they wrap when narrow).
  function fit() {
    var bar = document.querySelector(".controls");
    document.documentElement.style.setProperty("--controls-h", bar.offsetHeight + "px");
  }
  window.addEventListener("resize", fit); fit();
  ["q", "ind", "indst", "onlyclaims", "onlychanged"].forEach(function (id) {
    var node = document.getElementById(id); node.oninput = render; node.onchange = render;
  });
  if (D.removed.length) {
    var rm = document.getElementById("removed");
    rm.appendChild(el("h3", null, "Not in this audit any more"));
    var ul = el("ul"); D.removed.forEach(function (l) { ul.appendChild(el("li", null, l)); }); rm.appendChild(ul);
  }
  var hash = decodeURIComponent(location.hash.slice(1));
  ROWS.forEach(function (r, n) { if (hash && r.key === hash) { state.open[n] = true; } });
  render();
})();
