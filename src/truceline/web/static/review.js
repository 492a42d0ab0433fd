// truceline review page: one queued event at a time; v verify, r reject, e edit.
// Plain JS, no build step. Text from the store goes in with textContent only.
"use strict";
(function () {
  var root = document.getElementById("review");
  if (!root) return;
  var TOKEN_KEY = "truceline.reviewToken";
  var $ = function (id) { return document.getElementById(id); };
  var tokenForm = $("token-form"), tokenInput = $("review-token"), tokenState = $("token-state");
  var statusEl = $("review-status"), itemEl = $("review-item"), emptyEl = $("review-empty");
  var pendingEl = $("review-pending"), textEl = $("review-text"), titleEl = $("review-title");
  var metaEl = $("review-meta"), form = $("review-form"), fieldset = $("review-fieldset");
  var confidenceEl = $("review-confidence");
  var current = null;
  var editing = false;
  var busy = false;
  var done = 0;

  function token() { return window.sessionStorage.getItem(TOKEN_KEY) || ""; }

  function showTokenState() {
    tokenState.textContent = token() ? "token set for this tab" : "no token yet: reviews need one";
  }

  function setStatus(message, kind) {
    statusEl.textContent = message;
    statusEl.className = "notice" + (kind ? " " + kind : "");
  }

  function detail(body, status) {
    var d = body && body.detail;
    if (Array.isArray(d)) {
      return d.map(function (p) { return (p.loc || []).join(".") + ": " + p.msg; }).join("; ");
    }
    return d || "HTTP " + status;
  }

  function request(url, options) {
    return fetch(url, options).then(function (r) {
      return r.json().then(
        function (body) {
          if (!r.ok) throw new Error(detail(body, r.status));
          return body;
        },
        function () { throw new Error(url + ": HTTP " + r.status); }
      );
    });
  }

  function getJSON(url) {
    return request(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
  }

  function control(name) { return form.elements.namedItem(name); }

  function setValue(name, value) {
    var el = control(name);
    if (el) el.value = value === null || value === undefined ? "" : String(value);
  }

  function fill(ev) {
    setValue("sub_event_type", ev.sub_event_type);
    setValue("date", ev.date);
    ["actor1", "actor2"].forEach(function (n) {
      var a = ev[n];
      setValue(n + ".name", a ? a.name : "");
      setValue(n + ".kind", a ? a.kind : "unknown");
      setValue(n + ".country", a ? a.country : "");
    });
    setValue("location.name", ev.location ? ev.location.name : "");
    setValue("location.country", ev.location ? ev.location.country : "");
    setValue("fatalities", ev.fatalities);
    setValue("status", ev.status);
    setValue("violation", ev.violation === null || ev.violation === undefined ? "" : ev.violation);
    setValue("claimants", (ev.claimants || []).map(function (c) { return c.name; }).join(", "));
    setValue("note", "");
  }

  function text(name) { return (control(name).value || "").trim(); }

  function actorOf(n, old) {
    var name = text(n + ".name");
    if (!name) return null;
    return { name: name, country: text(n + ".country").toUpperCase() || null, kind: text(n + ".kind") || "unknown" };
  }

  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

  function norm(actor) {
    return actor ? { name: actor.name, country: actor.country || null, kind: actor.kind } : null;
  }

  // The fields the analyst changed, as the API takes them.
  function changes() {
    var ev = current.event;
    var out = {};
    if (text("sub_event_type") !== ev.sub_event_type) out.sub_event_type = text("sub_event_type");
    var date = text("date") || null;
    if (date !== (ev.date || null)) out.date = date;
    ["actor1", "actor2"].forEach(function (n) {
      var a = actorOf(n);
      if (!same(a, norm(ev[n]))) out[n] = a;
    });
    var place = text("location.name");
    var country = text("location.country").toUpperCase() || null;
    var loc = ev.location;
    if (!place && loc) out.location = null;
    else if (place && (!loc || loc.name !== place)) out.location = { name: place, country: country };
    else if (loc && (loc.country || null) !== country) out.location = Object.assign({}, loc, { country: country });
    var deaths = text("fatalities");
    var fatalities = deaths === "" ? null : Number(deaths);
    if (fatalities !== (ev.fatalities === undefined ? null : ev.fatalities)) out.fatalities = fatalities;
    if (text("status") !== ev.status) out.status = text("status");
    var v = text("violation");
    var violation = v === "" ? null : v === "true";
    if (violation !== (ev.violation === undefined ? null : ev.violation)) out.violation = violation;
    return out;
  }

  function showText(articleText, evidence) {
    textEl.textContent = "";
    var s = evidence.start, e = evidence.end;
    if (!(s >= 0 && e > s && e <= articleText.length)) {
      textEl.textContent = articleText;
      return;
    }
    var mark = document.createElement("mark");
    mark.className = "review-evidence";
    mark.id = "review-evidence";
    mark.textContent = articleText.slice(s, e);
    textEl.appendChild(document.createTextNode(articleText.slice(0, s)));
    textEl.appendChild(mark);
    textEl.appendChild(document.createTextNode(articleText.slice(e)));
    mark.scrollIntoView({ block: "center" });
  }

  function show(record, article) {
    current = record;
    editing = false;
    fieldset.disabled = true;
    fieldset.classList.remove("editing");
    titleEl.textContent = article.title || "(no title)";
    metaEl.textContent = "";
    var parts = [article.outlet || "unknown outlet", article.published || "undated",
      "event " + record.event.id, record.in_violation ? "alleged violation of a known ceasefire" : ""];
    metaEl.appendChild(document.createTextNode(parts.filter(Boolean).join(" · ") + " · "));
    var link = document.createElement("a");
    link.href = "/articles/" + encodeURIComponent(article.id) + "?event=" +
      encodeURIComponent(record.event.id) + "#focus";
    link.textContent = "article page";
    metaEl.appendChild(link);
    confidenceEl.textContent = "(confidence " + record.event.confidence + ")";
    showText(article.text, record.extracted.evidence);
    fill(record.event);
    itemEl.hidden = false;
    emptyEl.hidden = true;
    itemEl.setAttribute("data-row-id", String(record.row_id));
    root.setAttribute("data-state", "ready");
  }

  function loadNext() {
    root.setAttribute("data-state", "loading");
    return getJSON("/api/review/queue?limit=1").then(function (queue) {
      pendingEl.textContent = "(" + queue.pending + " waiting)";
      if (!queue.items.length) {
        current = null;
        itemEl.hidden = true;
        emptyEl.hidden = false;
        root.setAttribute("data-state", "empty");
        return null;
      }
      var record = queue.items[0];
      return getJSON("/api/articles/" + encodeURIComponent(record.article.id)).then(function (art) {
        show(record, art);
      });
    }).catch(function (err) {
      setStatus(err.message, "failed");
      root.setAttribute("data-state", "failed");
    });
  }

  var LABELS = { verified: "Verified", rejected: "Rejected", corrected: "Corrected" };

  function send(verdict, fields) {
    if (!current || busy) return;
    if (!token()) {
      setStatus("Enter your token first: a review records who made it.", "failed");
      tokenInput.focus();
      return;
    }
    busy = true;
    var row = current.row_id;
    var note = editing ? text("note") || null : null;
    root.setAttribute("data-state", "saving");
    request("/api/events/" + row + "/review", {
      method: "POST",
      credentials: "same-origin",
      headers: { Authorization: "Bearer " + token(), "Content-Type": "application/json",
        Accept: "application/json" },
      body: JSON.stringify({ verdict: verdict, changes: fields || {}, note: note }),
    }).then(function (body) {
      done += 1;
      root.setAttribute("data-reviewed", String(done));
      var what = Object.keys(body.review.changes).sort().join(", ");
      setStatus(LABELS[verdict] + " event " + row + (what ? " (" + what + ")" : "") +
        " as " + body.review.reviewer + ".", "done");
      busy = false;
      return loadNext();
    }).catch(function (err) {
      busy = false;
      setStatus(err.message, "failed");
      root.setAttribute("data-state", "ready");
    });
  }

  function startEdit() {
    editing = true;
    fieldset.disabled = false;
    fieldset.classList.add("editing");
    control("sub_event_type").focus();
    setStatus("Editing: change the fields, Enter saves the correction, Esc cancels.", "");
  }

  function cancelEdit() {
    editing = false;
    fill(current.event);
    fieldset.disabled = true;
    fieldset.classList.remove("editing");
    setStatus("Edit cancelled.", "");
  }

  function saveCorrection() {
    var fields = changes();
    if (!Object.keys(fields).length) {
      setStatus("Nothing changed: press Esc, then v to verify as it is.", "failed");
      return;
    }
    send("corrected", fields);
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    if (editing) saveCorrection();
  });

  document.addEventListener("keydown", function (e) {
    if (!current || busy || e.ctrlKey || e.metaKey || e.altKey) return;
    var target = e.target;
    if (editing) {
      if (e.key === "Escape") {
        e.preventDefault();
        cancelEdit();
      } else if (e.key === "Enter" && target && target.tagName === "SELECT") {
        e.preventDefault(); // a select does not submit its form on Enter
        saveCorrection();
      }
      return;
    }
    if (target && /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) return;
    if (e.key === "v") { e.preventDefault(); send("verified", {}); }
    else if (e.key === "r") { e.preventDefault(); send("rejected", {}); }
    else if (e.key === "e") { e.preventDefault(); startEdit(); }
  });

  tokenForm.addEventListener("submit", function (e) {
    e.preventDefault();
    var value = tokenInput.value.trim();
    if (value) window.sessionStorage.setItem(TOKEN_KEY, value);
    else window.sessionStorage.removeItem(TOKEN_KEY);
    tokenInput.value = "";
    tokenInput.blur();
    showTokenState();
  });

  showTokenState();
  loadNext();
})();
