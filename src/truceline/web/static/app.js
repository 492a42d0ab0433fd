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
  var map = L.map(mapEl, { worldCopyJump: true, minZoom: 1 }).setView([25, 20], 2);
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
      var coords;
      if (g.type === "Polygon") coords = g.arcs.map(ring);
      else if (g.type === "MultiPolygon") coords = g.arcs.map(function (p) { return p.map(ring); });
      else return null;
      return { type: "Feature", properties: g.properties || {},
               geometry: { type: g.type, coordinates: coords } };
    }).filter(Boolean);
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
        style: { color: "#8a9aa9", weight: 1, fillColor: "#f4f1ea", fillOpacity: 1 },
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

  var markers = L.featureGroup().addTo(map);
  var summaries = {};
  loadIncidents().then(function (result) {
    var placed = 0;
    result.items.forEach(function (inc) {
      summaries[inc.id] = inc;
      var loc = inc.location;
      if (!loc || loc.latitude === null || loc.longitude === null) return;
      var colour = STATUS_COLOURS[inc.status] || "#111827";
      var m = L.circleMarker([loc.latitude, loc.longitude], {
        radius: inc.violation ? 8 : 6, color: "#1f2937", weight: inc.violation ? 2 : 1,
        fillColor: colour, fillOpacity: 0.85,
        className: "incident-marker status-" + inc.status + (inc.violation ? " violation" : ""),
      });
      m.bindTooltip(markerLabel(inc));
      m.on("click", function () { showEvidence(inc.id); });
      m.addTo(markers);
      if (m.getElement()) m.getElement().setAttribute("data-incident", inc.id);
      placed += 1;
    });
    mapEl.setAttribute("data-markers", String(placed));
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
  var SVG = "http://www.w3.org/2000/svg";
  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function dayList(first, last) {
    var out = [];
    var d = new Date(first + "T00:00:00Z"), end = new Date(last + "T00:00:00Z");
    while (d <= end && out.length < 3700) {
      out.push(d.toISOString().slice(0, 10));
      d.setUTCDate(d.getUTCDate() + 1);
    }
    return out;
  }

  function drawTimeline(rows) {
    timelineEl.textContent = "";
    var total = rows.reduce(function (n, r) { return n + r.count; }, 0);
    timelineEl.setAttribute("data-total", String(total));
    var count = document.getElementById("timeline-count");
    if (count) count.textContent = "(" + total + ")";
    if (!rows.length) {
      timelineEl.setAttribute("data-days", "0");
      timelineEl.appendChild(el("p", { "class": "empty" }, "No alleged violations match these filters."));
      return;
    }
    var days = dayList(rows[0].date, rows[rows.length - 1].date);
    timelineEl.setAttribute("data-days", String(days.length));
    var sides = [];
    rows.forEach(function (r) { if (sides.indexOf(r.side_label) < 0) sides.push(r.side_label); });
    var byDay = {};
    rows.forEach(function (r) { (byDay[r.date] = byDay[r.date] || []).push(r); });
    var max = Math.max.apply(null, days.map(function (d) {
      return (byDay[d] || []).reduce(function (n, r) { return n + r.count; }, 0);
    }));
    var W = Math.max(timelineEl.clientWidth || 800, 300), H = 170, left = 34, bottom = 22, top = 8;
    var bw = (W - left - 8) / days.length;
    var chart = svg("svg", { width: W, height: H, viewBox: "0 0 " + W + " " + H, role: "img",
      "aria-label": "Alleged violations per day by accusing side" });
    var scale = (H - bottom - top) / max;
    chart.appendChild(svg("line", { x1: left, y1: H - bottom, x2: W - 4, y2: H - bottom, "class": "axis" }));
    chart.appendChild(svg("text", { x: left - 6, y: top + 10, "class": "tick", "text-anchor": "end" }, String(max)));
    chart.appendChild(svg("text", { x: left - 6, y: H - bottom, "class": "tick", "text-anchor": "end" }, "0"));
    // Day labels: every day when they fit, else about ten spread over the span.
    var every = Math.max(1, Math.ceil(days.length / Math.max(1, Math.floor((W - left) / 80))));
    days.forEach(function (d, i) {
      if (i % every) return;
      chart.appendChild(svg("text", { x: left + i * bw + bw / 2, y: H - 6, "class": "tick",
        "text-anchor": "middle" }, d));
    });
    days.forEach(function (d, i) {
      var y = H - bottom;
      (byDay[d] || []).forEach(function (r) {
        var h = r.count * scale;
        y -= h;
        var w = Math.min(Math.max(bw * 0.8, 1), 48);
        var rect = svg("rect", { x: left + i * bw + (bw - w) / 2, y: y, width: w,
          height: h, fill: SIDE_COLOURS[sides.indexOf(r.side_label) % SIDE_COLOURS.length],
          "class": "bar", "data-date": d, "data-side": r.side, "data-count": r.count });
        rect.appendChild(svg("title", {}, d + ": " + r.count + " alleged by " + r.side_label));
        rect.addEventListener("click", function () { showEvidence(r.incidents[0]); });
        chart.appendChild(rect);
      });
    });
    timelineEl.appendChild(chart);
    var legend = el("ul", { "class": "legend" });
    sides.forEach(function (s, i) {
      var li = el("li");
      var sw = el("span", { "class": "swatch side-" + (i % SIDE_COLOURS.length) });
      li.appendChild(sw);
      li.appendChild(document.createTextNode(s));
      legend.appendChild(li);
    });
    timelineEl.appendChild(legend);
  }

  if (timelineEl) {
    getJSON(withQuery("/api/timeline")).then(drawTimeline).catch(function (err) {
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

  function showEvidence(id) {
    if (!evidenceBody || !id) return;
    evidenceBody.setAttribute("data-loading", id);
    getJSON("/api/incidents/" + encodeURIComponent(id)).then(function (inc) {
      evidenceBody.textContent = "";
      var hint = document.getElementById("evidence-hint");
      if (hint) hint.hidden = true;
      var where = inc.location ? inc.location.name : "place unknown";
      evidenceBody.appendChild(el("h3", null, inc.sub_event_type + " · " + (inc.date || "date unknown") + " · " + where));
      var facts = el("p", { "class": "facts" });
      facts.appendChild(el("span", { "class": "status status-" + inc.status }, inc.status));
      var labels = summaries[inc.id] ? summaries[inc.id].accusing_side_labels : inc.accusing_sides;
      var sides = labels.length ? " alleged by " + labels.join(", ") : " unattributed";
      facts.appendChild(document.createTextNode(sides + " · " + inc.n_outlets + " independent outlet(s)" +
        (inc.ceasefire_id ? " · ceasefire " + inc.ceasefire_id + (inc.violation ? " (alleged violation)" : "") : "")));
      evidenceBody.appendChild(facts);
      var list = el("ol", { "class": "mentions" });
      inc.mentions.forEach(function (m) { list.appendChild(mentionItem(m)); });
      evidenceBody.appendChild(list);
      evidenceBody.setAttribute("data-incident", inc.id);
      evidenceBody.removeAttribute("data-loading");
    }).catch(function (err) {
      evidenceBody.textContent = "";
      showError(evidenceBody, err);
    });
  }

  var ledger = document.getElementById("ledger");
  if (ledger) {
    ledger.addEventListener("click", function (e) {
      var row = e.target.closest("[data-incident]");
      if (row) showEvidence(row.getAttribute("data-incident"));
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
