// truceline dashboard: map, timeline and evidence panel.
// Plain JS, no build step. Every text from the store is put in the page with
// textContent (never innerHTML), so article text shows as text whatever it holds.
"use strict";
(function () {
  var STATUS_COLOURS = {
    corroborated: "#1a7f37",
    "one-sided": "#d97706",
    contested: "#c2185b",
    unattributed: "#6b7280",
  };
  var SIDE_COLOURS = ["#2563eb", "#dc2626", "#059669", "#7c3aed", "#ea580c", "#0891b2",
    "#be185d", "#4d7c0f", "#9ca3af"];
  var MAX_MAP_PAGES = 5;

  var mapEl = document.getElementById("map");
  var timelineEl = document.getElementById("timeline");
  var evidenceBody = document.getElementById("evidence-body");
  if (!mapEl) return;
  var query = mapEl.getAttribute("data-query") || "";

  function withQuery(path, extra) {
    var parts = [];
    if (extra) parts.push(extra);
    if (query) parts.push(query);
    return parts.length ? path + "?" + parts.join("&") : path;
  }

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) {
        if (!r.ok) {
          return r.json().then(
            function (body) { throw new Error(url + ": " + (body.detail || r.status)); },
            function () { throw new Error(url + ": HTTP " + r.status); }
          );
        }
        return r.json();
      });
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function safeUrl(url) {
    if (typeof url !== "string") return null;
    try {
      var u = new URL(url, window.location.href);
      return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
    } catch (e) {
      return null;
    }
  }

  function showError(where, err) {
    var p = el("p", { "class": "error" }, String(err && err.message ? err.message : err));
    where.appendChild(p);
  }

  // -- map ------------------------------------------------------------------------------
  var map = L.map(mapEl, { worldCopyJump: true, minZoom: 1, maxZoom: 18 }).setView([25, 20], 2);
  map.attributionControl.setPrefix(false);
  var fallbackAdded = false;

  function topoFeatures(topo, name) {
    // Decode a TopoJSON object (quantized, delta-encoded arcs) into GeoJSON features.
    var t = topo.transform;
    var arcs = topo.arcs.map(function (arc) {
      var x = 0, y = 0;
      return arc.map(function (p) {
        x += p[0]; y += p[1];
        return [x * t.scale[0] + t.translate[0], y * t.scale[1] + t.translate[1]];
      });
    });
    function ring(indices) {
      var pts = [];
      indices.forEach(function (i, k) {
        var a = i < 0 ? arcs[~i].slice().reverse() : arcs[i];
        pts = pts.concat(k ? a.slice(1) : a);
      });
      return pts;
    }
    return topo.objects[name].geometries.map(function (g) {
      var polygons;
      if (g.type === "Polygon") polygons = [g.arcs.map(ring)];
      else if (g.type === "MultiPolygon") polygons = g.arcs.map(function (p) { return p.map(ring); });
      else return null;
      var parts = [];
      polygons.forEach(function (rings) { parts = parts.concat(splitAtAntimeridian(rings)); });
      return { type: "Feature", properties: g.properties || {},
               geometry: { type: "MultiPolygon", coordinates: parts } };
    }).filter(Boolean);
  }

  // Natural Earth joins Fiji and Chukotka across the antimeridian: a ring that jumps from
  // +180 to -180 would be drawn across the whole map. Such a ring is made continuous
  // (longitudes past 180) and cut at the line into one piece on each side of it. A ring
  // around a pole (Antarctica: one jump) is left as it is.
  function splitAtAntimeridian(rings) {
    var outer = rings[0], jumps = 0;
    for (var i = 1; i < outer.length; i += 1) {
      if (Math.abs(outer[i][0] - outer[i - 1][0]) > 180) jumps += 1;
    }
    if (jumps === 0 || jumps % 2) return [rings];
    var shift = 0, flat = [outer[0]];
    for (i = 1; i < outer.length; i += 1) {
      var d = outer[i][0] + shift - flat[i - 1][0];
      if (d > 180) shift -= 360;
      else if (d < -180) shift += 360;
      flat.push([outer[i][0] + shift, outer[i][1]]);
    }
    var lons = flat.map(function (p) { return p[0]; });
    var line = Math.max.apply(null, lons) > 180 ? 180 : -180, back = line === 180 ? -360 : 360;
    var inside = clip(flat, line, line === 180 ? -1 : 1);
    var beyond = clip(flat, line, line === 180 ? 1 : -1).map(function (p) { return [p[0] + back, p[1]]; });
    return [inside, beyond].filter(function (r) { return r.length > 3; }).map(function (r, k) {
      return k ? [r] : [r].concat(rings.slice(1));
    });
  }

  // The part of a ring on one side of the meridian `lon` (side -1: west of it, 1: east),
  // closed along the meridian (Sutherland-Hodgman against one half-plane).
  function clip(ring, lon, side) {
    var out = [];
    function isIn(p) { return side * (p[0] - lon) >= 0; }
    function cut(a, b) {
      var t = (lon - a[0]) / (b[0] - a[0]);
      return [lon, a[1] + t * (b[1] - a[1])];
    }
    for (var i = 0; i < ring.length; i += 1) {
      var a = ring[i], b = ring[(i + 1) % ring.length];
      if (isIn(a)) {
        out.push(a);
        if (!isIn(b)) out.push(cut(a, b));
      } else if (isIn(b)) {
        out.push(cut(a, b));
      }
    }
    if (out.length) out.push(out[0]);
    return out;
  }

  function addFallback() {
    // Drawn here, from files served here: the map stays usable without a tile server.
    if (fallbackAdded) return;
    fallbackAdded = true;
    mapEl.classList.add("fallback");
    mapEl.setAttribute("data-fallback", "on");
    var pane = map.createPane("fallback");
    pane.style.zIndex = 250;
    for (var lon = -180; lon <= 180; lon += 10) {
      L.polyline([[-85, lon], [85, lon]], { pane: "fallback", color: "#c9d3dd", weight: 1,
        interactive: false }).addTo(map);
    }
    for (var lat = -80; lat <= 80; lat += 10) {
      L.polyline([[lat, -180], [lat, 180]], { pane: "fallback", color: "#c9d3dd", weight: 1,
        interactive: false }).addTo(map);
    }
    getJSON("/static/vendor/world-atlas/countries-110m.json").then(function (topo) {
      L.geoJSON({ type: "FeatureCollection", features: topoFeatures(topo, "countries") }, {
        pane: "fallback", interactive: false,
        style: { color: "#8a9aa9", weight: 1, fillColor: "#f4f1ea", fillOpacity: 1,
                 className: "outline" },
      }).addTo(map);
      mapEl.setAttribute("data-outlines", "loaded");
    }).catch(function (err) { showError(mapEl.parentNode, err); });
  }

  var tiles = mapEl.getAttribute("data-tiles");
  if (tiles) {
    var loaded = 0, failed = 0;
    var layer = L.tileLayer(tiles, { maxZoom: 18 });
    layer.getAttribution = function () { return null; };
    layer.on("tileload", function () { loaded += 1; });
    layer.on("tileerror", function () {
      failed += 1;
      if (!loaded && failed >= 2) addFallback();
    });
    layer.addTo(map);
    var credit = mapEl.getAttribute("data-attribution");
    if (credit) {
      // As text: the attribution control would read a string as HTML.
      var span = el("span", null, credit);
      map.attributionControl.addAttribution(span.outerHTML);
    }
    window.setTimeout(function () { if (!loaded) addFallback(); }, 5000);
  } else {
    addFallback();
  }

  function markerLabel(inc) {
    var div = el("div", { "class": "tip" });
    div.appendChild(el("strong", null, inc.sub_event_type));
    div.appendChild(el("div", null, [inc.date || "date unknown",
      inc.location ? inc.location.name : ""].filter(Boolean).join(" · ")));
    div.appendChild(el("div", null, inc.status + (inc.accusing_side_labels.length ?
      ", alleged by " + inc.accusing_side_labels.join(", ") : "")));
    return div;
  }

  function loadIncidents() {
    var items = [];
    function page(cursor, n) {
      var extra = "view=summary&limit=1000" + (cursor ? "&cursor=" + encodeURIComponent(cursor) : "");
      return getJSON(withQuery("/api/incidents", extra)).then(function (body) {
        items = items.concat(body.items);
        if (body.next_cursor && n + 1 < MAX_MAP_PAGES) return page(body.next_cursor, n + 1);
        return body.next_cursor;
      });
    }
    return page(null, 0).then(function (more) { return { items: items, more: !!more }; });
  }

  // One marker per incident, coloured by status (app.css); nearby markers are grouped
  // at low zoom (Leaflet.markercluster) into a count that zooms in when clicked.
  function clusterIcon(cluster) {
    var n = cluster.getChildCount();
    var size = n < 10 ? 30 : n < 100 ? 36 : 44;
    return L.divIcon({ html: "<span>" + n + "</span>", className: "incident-cluster",
      iconSize: L.point(size, size) });
  }
  var markers = L.markerClusterGroup ? L.markerClusterGroup({
    maxClusterRadius: 40, showCoverageOnHover: false, spiderfyOnMaxZoom: true,
    iconCreateFunction: clusterIcon,
  }) : L.featureGroup();
  markers.on("clusterclick", function () { mapEl.setAttribute("data-zoomed", "cluster"); });
  markers.addTo(map);
  var summaries = {};
  loadIncidents().then(function (result) {
    var placed = 0, list = [];
    result.items.forEach(function (inc) {
      summaries[inc.id] = inc;
      var loc = inc.location;
      if (!loc || loc.latitude === null || loc.longitude === null) return;
      var text = [inc.sub_event_type, inc.date || "date unknown", loc.name, inc.status].join(", ");
      var icon = L.divIcon({ className: "incident-marker status-" + inc.status +
        (inc.violation ? " violation" : ""), iconSize: L.point(16, 16) });
      var m = L.marker([loc.latitude, loc.longitude], { icon: icon, keyboard: true, title: text,
        alt: text });
      m.bindTooltip(markerLabel(inc));
      m.on("click", function () { showEvidence(inc.id, null); });
      m.on("add", function () {
        var node = m.getElement();
        if (node) {
          node.setAttribute("data-incident", inc.id);
          node.setAttribute("aria-label", text + ". Enter shows the evidence.");
        }
      });
      list.push(m);
      placed += 1;
    });
    if (markers.addLayers) markers.addLayers(list);
    else list.forEach(function (m) { m.addTo(markers); });
    mapEl.setAttribute("data-markers", String(placed));
    // The legend says how many of each status are on the map.
    var byStatus = {};
    result.items.forEach(function (inc) {
      if (inc.location && inc.location.latitude !== null) byStatus[inc.status] = (byStatus[inc.status] || 0) + 1;
    });
    document.querySelectorAll("#map-legend [data-status]").forEach(function (li) {
      var n = li.querySelector(".n");
      if (n) n.textContent = String(byStatus[li.getAttribute("data-status")] || 0);
    });
    var count = document.getElementById("map-count");
    if (count) {
      var text = "(" + placed + " on the map";
      if (result.items.length > placed) text += ", " + (result.items.length - placed) + " without a place";
      if (result.more) text += ", more not shown";
      count.textContent = text + ")";
    }
    if (placed) map.fitBounds(markers.getBounds().pad(0.3), { maxZoom: 8 });
  }).catch(function (err) {
    mapEl.setAttribute("data-markers", "error");
    showError(mapEl.parentNode, err);
  });

  // -- timeline -------------------------------------------------------------------------
  var zoomOut = document.getElementById("tl-zoom-out");
  var rangeNote = document.getElementById("timeline-range");
  function describe(view, whole, chart) {
    var count = document.getElementById("timeline-count");
    var shown = timelineEl.getAttribute("data-total");
    var undated = timelineEl.getAttribute("data-ledger-undated");
    if (count) {
      count.textContent = "(" + shown + " dated, by " + timelineEl.getAttribute("data-unit") +
        (undated && undated !== "0" ? "; " + undated + " undated in the ledger, not drawn" : "") + ")";
    }
    if (rangeNote && view[0] !== null) {
      rangeNote.textContent = (whole ? "Whole span: " : "Zoomed to ") +
        timelineEl.getAttribute("data-from") + " to " + timelineEl.getAttribute("data-to");
    }
    if (zoomOut) zoomOut.disabled = whole;
    if (chart) timelineEl.setAttribute("data-ready", "yes");
  }

  if (timelineEl) {
    getJSON(withQuery("/api/timeline")).then(function (rows) {
      var chart = new window.TrucelineTimeline(timelineEl, rows, {
        onIncident: function (id, node) { showEvidence(id, timelineEl); },
        onZoom: function (view, whole) { describe(view, whole, chart); },
      });
      chart.draw();
      describe(chart.view, true, chart);
      if (zoomOut) zoomOut.addEventListener("click", function () { chart.zoom(chart.first, chart.last); });
      var resizing = null;
      window.addEventListener("resize", function () {  // redraw to the new width
        window.clearTimeout(resizing);
        resizing = window.setTimeout(function () { chart.draw(); }, 150);
      });
    }).catch(function (err) {
      timelineEl.setAttribute("data-total", "error");
      showError(timelineEl, err);
    });
  }

  // -- evidence -------------------------------------------------------------------------
  var articles = {};
  function article(id) {
    if (!articles[id]) articles[id] = getJSON("/api/articles/" + encodeURIComponent(id));
    return articles[id];
  }

  function context(text, ev) {
    // Offsets count code points (Python); JS strings count UTF-16 units.
    var cps = Array.from(text);
    var sentence = cps.slice(ev.start, ev.end).join("");
    if (sentence !== ev.text) return { before: "", sentence: ev.text, after: "" };
    var from = Math.max(0, ev.start - 300), to = Math.min(cps.length, ev.end + 300);
    var before = cps.slice(from, ev.start).join(""), after = cps.slice(ev.end, to).join("");
    var cut = before.lastIndexOf("\n\n");
    if (cut >= 0) before = before.slice(cut + 2);
    else if (from > 0) before = "…" + before;
    cut = after.indexOf("\n\n");
    if (cut >= 0) after = after.slice(0, cut);
    else if (to < cps.length) after = after + "…";
    return { before: before, sentence: sentence, after: after };
  }

  function mentionItem(m) {
    var li = el("li", { "class": "mention role-" + m.role });
    var head = el("div", { "class": "mention-head" });
    head.appendChild(el("strong", { "class": "outlet" }, m.outlet));
    if (m.published) head.appendChild(el("span", { "class": "published" }, m.published));
    head.appendChild(el("span", { "class": "role" }, m.role === "act" ? m.status : m.role));
    li.appendChild(head);
    var claimants = m.claimants.map(function (c) { return c.name; });
    li.appendChild(el("div", { "class": "claimant" },
      claimants.length ? "Claimant: " + claimants.join(", ") : "Claimant: none named (the outlet's own voice)"));
    var quote = el("blockquote", { "class": "context" });
    quote.appendChild(el("mark", { "class": "sentence" }, m.evidence.text));
    li.appendChild(quote);
    var links = el("div", { "class": "links" });
    var page = el("a", { href: "/articles/" + encodeURIComponent(m.article_id) + "?event=" +
      encodeURIComponent(m.event_id) + "#focus" }, "in the article");
    links.appendChild(page);
    var url = safeUrl(m.url);
    if (url) {
      links.appendChild(document.createTextNode(" · "));
      links.appendChild(el("a", { href: url, rel: "noopener noreferrer", target: "_blank",
        "class": "source-link" }, "source"));
    }
    li.appendChild(links);
    article(m.article_id).then(function (a) {
      var c = context(a.text, m.evidence);
      quote.textContent = "";
      if (c.before) quote.appendChild(document.createTextNode(c.before));
      quote.appendChild(el("mark", { "class": "sentence" }, c.sentence));
      if (c.after) quote.appendChild(document.createTextNode(c.after));
      quote.setAttribute("data-context", "article");
    }).catch(function () {
      quote.setAttribute("data-context", "sentence");  // the sentence alone stays
    });
    return li;
  }

  // Where the evidence opens: beside the map (the aside), under the timeline, or in a
  // row inserted under the ledger row clicked; it moves there, the page scrolls to it
  // and focus follows, so the reader never has to look for it.
  var aside = document.getElementById("evidence");
  var ledgerSlot = null, openButton = null;
  function closeLedgerSlot() {
    if (openButton) openButton.setAttribute("aria-expanded", "false");
    if (ledgerSlot) ledgerSlot.remove();
    ledgerSlot = null;
    openButton = null;
  }
  function placeEvidence(where) {
    if (where && where.tagName === "TR") {
      var row = where;
      var cells = row.children.length;
      if (!ledgerSlot || ledgerSlot.previousElementSibling !== row) {
        closeLedgerSlot();
        ledgerSlot = el("tr", { "class": "evidence-row", id: "evidence-row" });
        var td = el("td", { colspan: String(cells) });
        ledgerSlot.appendChild(td);
        row.parentNode.insertBefore(ledgerSlot, row.nextSibling);
      }
      ledgerSlot.firstChild.appendChild(evidenceBody);
      openButton = row.querySelector("button.show-evidence");
      if (openButton) openButton.setAttribute("aria-expanded", "true");
    } else if (where === timelineEl) {
      closeLedgerSlot();
      var slot = document.getElementById("timeline-evidence");
      if (!slot) {
        slot = el("div", { id: "timeline-evidence", "class": "evidence inline-evidence" });
        timelineEl.parentNode.appendChild(slot);
      }
      slot.appendChild(evidenceBody);
    } else {
      closeLedgerSlot();
      if (aside && evidenceBody.parentNode !== aside) aside.appendChild(evidenceBody);
    }
    var slotName = where && where.tagName === "TR" ? "ledger" : where === timelineEl ? "timeline" : "aside";
    evidenceBody.setAttribute("data-slot", slotName);
    // The panel beside the map says where the evidence went.
    var hint = document.getElementById("evidence-hint");
    if (hint) {
      hint.hidden = slotName === "aside";
      hint.textContent = slotName === "ledger" ? "The evidence is open under its row of the ledger." :
        slotName === "timeline" ? "The evidence is open under the timeline." : hint.textContent;
    }
  }

  function revealEvidence() {
    evidenceBody.scrollIntoView({ block: "nearest", behavior: "auto" });
    evidenceBody.focus({ preventScroll: true });
  }

  function showEvidence(id, where) {
    if (!evidenceBody || !id) return;
    placeEvidence(where);
    evidenceBody.setAttribute("data-loading", id);
    evidenceBody.removeAttribute("data-incident");
    getJSON("/api/incidents/" + encodeURIComponent(id)).then(function (inc) {
      evidenceBody.textContent = "";
      var summary = summaries[inc.id];
      var where = inc.location ? inc.location.name : "place unknown";
      var title = inc.sub_event_type + " · " + (inc.date || "date unknown") + " · " + where;
      evidenceBody.appendChild(el("h3", { id: "evidence-heading" }, title));
      evidenceBody.setAttribute("aria-labelledby", "evidence-heading");
      var facts = el("p", { "class": "facts" });
      facts.appendChild(el("span", { "class": "status status-" + inc.status }, inc.status));
      var labels = summary ? summary.accusing_side_labels : inc.accusing_sides;
      var sides = labels.length ? " alleged by " + labels.join(", ") : " unattributed";
      var truce = inc.ceasefire_id ? ceasefireNames[inc.ceasefire_id] || inc.ceasefire_id : "";
      facts.appendChild(document.createTextNode(sides + " · " + inc.n_outlets + " independent outlet(s)" +
        (truce ? " · " + truce + (inc.violation ? " (alleged violation)" : "") : "")));
      evidenceBody.appendChild(facts);
      var list = el("ol", { "class": "mentions" });
      inc.mentions.forEach(function (m) { list.appendChild(mentionItem(m)); });
      evidenceBody.appendChild(list);
      evidenceBody.setAttribute("data-incident", inc.id);
      evidenceBody.removeAttribute("data-loading");
      revealEvidence();
    }).catch(function (err) {
      evidenceBody.textContent = "";
      showError(evidenceBody, err);
      revealEvidence();
    });
  }

  // Ceasefire names for the evidence panel, from the filter's choices.
  var ceasefireNames = {};
  var choice = document.getElementById("f-ceasefire");
  if (choice) {
    Array.prototype.forEach.call(choice.options, function (o) {
      if (o.value) ceasefireNames[o.value] = o.getAttribute("data-name") || o.textContent;
    });
  }

  var ledger = document.getElementById("ledger");
  if (ledger) {
    ledger.addEventListener("click", function (e) {
      if (e.target.closest(".evidence-row")) return;
      var row = e.target.closest("tr[data-incident]");
      if (!row) return;
      if (row === (ledgerSlot && ledgerSlot.previousElementSibling) && e.target.closest("button")) {
        closeLedgerSlot();  // the same button again closes it
        if (aside) aside.appendChild(evidenceBody);
        return;
      }
      showEvidence(row.getAttribute("data-incident"), row);
    });
  }

  // Changing a choice applies the filters (the Apply button does the same without JS).
  var form = document.getElementById("filters");
  var bboxInput = document.getElementById("f-bbox");
  var mapView = document.getElementById("f-map-view");
  if (form && bboxInput && mapView) {
    mapView.addEventListener("click", function () {
      var b = map.getBounds();
      function clamp(v, lo, hi) { return Math.min(hi, Math.max(lo, v)).toFixed(3); }
      bboxInput.value = [clamp(b.getWest(), -180, 180), clamp(b.getSouth(), -90, 90),
        clamp(b.getEast(), -180, 180), clamp(b.getNorth(), -90, 90)].join(",");
      form.requestSubmit();
    });
    var clear = document.getElementById("f-clear-bbox");
    if (clear) clear.addEventListener("click", function () {
      bboxInput.value = "";
      form.requestSubmit();
    });
  }
  if (form) {
    form.querySelectorAll("select").forEach(function (s) {
      s.addEventListener("change", function () { form.requestSubmit(); });
    });
  }
})();
