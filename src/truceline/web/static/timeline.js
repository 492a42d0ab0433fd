// truceline timeline: alleged violations over the filtered data's whole span.
//
// Input: the rows of /api/timeline (day, accusing side, incident ids). Each incident is
// counted once, in the group of the sides that allege it ("A", or "A + B" when both
// do), so the chart's total is the ledger's count of dated alleged violations.
// The time axis spans the data; bars are days, ISO weeks or months, whichever keeps
// the bars readable for the span shown. A day bar stacks one mark per incident
// (`data-incident`); a week or month bar one mark per group (`data-count`). Dragging
// across the chart zooms to that span; a bar of a week or month zooms to it, a mark
// of one incident opens its evidence. Keyboard: the chart is one tab stop, arrow keys
// move between bars, Enter opens, Escape zooms back out.
// Plain JS and SVG, no build step; text goes in with textContent.
"use strict";
(function () {
  var SVG = "http://www.w3.org/2000/svg";
  var DAY = 86400000;
  var PALETTE = 9; // app.css .side-0 ... .side-8
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
    "Dec"];

  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function dayNumber(iso) { return Math.floor(Date.parse(iso + "T00:00:00Z") / DAY); }
  function isoOf(day) { return new Date(day * DAY).toISOString().slice(0, 10); }

  // -- bins: a day, an ISO week (from Monday) or a calendar month ------------------------
  var UNITS = {
    day: {
      start: function (d) { return d; },
      next: function (d) { return d + 1; },
      label: function (d) { return isoOf(d); },
    },
    week: {
      start: function (d) { return d - ((new Date(d * DAY).getUTCDay() + 6) % 7); },
      next: function (d) { return d + 7; },
      label: function (d) { return "week of " + isoOf(d); },
    },
    month: {
      start: function (d) {
        var t = new Date(d * DAY);
        return Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), 1) / DAY;
      },
      next: function (d) {
        var t = new Date(d * DAY);
        return Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 1) / DAY;
      },
      label: function (d) {
        var t = new Date(d * DAY);
        return MONTHS[t.getUTCMonth()] + " " + t.getUTCFullYear();
      },
    },
  };

  function unitFor(spanDays) {
    if (spanDays <= 92) return "day";
    if (spanDays <= 3 * 366) return "week";
    return "month";
  }

  // Axis ticks: years, months or days, about every `step` of them, at most ~10 labels.
  function ticks(from, to, width) {
    var span = to - from, most = Math.max(2, Math.floor(width / 90)), out = [], d, step;
    var a = new Date(from * DAY), b = new Date(to * DAY);
    if (span > 2 * 366) {
      var years = b.getUTCFullYear() - a.getUTCFullYear() + 1;
      step = [1, 2, 5, 10, 20, 50].find(function (s) { return years / s <= most; }) || 100;
      for (var y = Math.ceil(a.getUTCFullYear() / step) * step; y <= b.getUTCFullYear(); y += step) {
        d = Date.UTC(y, 0, 1) / DAY;
        if (d >= from && d <= to) out.push([d, String(y)]);
      }
    } else if (span > 62) {
      var months = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + b.getUTCMonth() - a.getUTCMonth() + 1;
      step = [1, 2, 3, 6, 12].find(function (s) { return months / s <= most; }) || 12;
      for (var m = 0; m <= months; m += 1) {
        d = Date.UTC(a.getUTCFullYear(), a.getUTCMonth() + m, 1) / DAY;
        var t = new Date(d * DAY);
        if (d >= from && d <= to && t.getUTCMonth() % step === 0) {
          out.push([d, MONTHS[t.getUTCMonth()] + (t.getUTCMonth() === 0 || !out.length ?
            " " + t.getUTCFullYear() : "")]);
        }
      }
    } else {
      step = Math.max(1, Math.ceil((span + 1) / most));
      for (d = from; d <= to; d += step) out.push([d, isoOf(d)]);
    }
    return out;
  }

  // -- the data: one entry per incident, its day and its group of accusing sides ---------
  function incidentsOf(rows) {
    var byId = {}, order = [];
    rows.forEach(function (r) {
      r.incidents.forEach(function (id) {
        var inc = byId[id];
        if (!inc) {
          inc = byId[id] = { id: id, day: dayNumber(r.date), date: r.date, sides: [], labels: [] };
          order.push(inc);
        }
        if (inc.sides.indexOf(r.side) < 0) { inc.sides.push(r.side); inc.labels.push(r.side_label); }
      });
    });
    order.forEach(function (inc) { inc.group = inc.labels.join(" + "); });
    return order;
  }

  function Timeline(root, rows, options) {
    this.root = root;
    this.options = options || {};
    this.incidents = incidentsOf(rows);
    // (a loop, not Math.min.apply: tens of thousands of arguments overflow the stack)
    this.first = this.last = null;
    this.incidents.forEach(function (i) {
      if (this.first === null || i.day < this.first) this.first = i.day;
      if (this.last === null || i.day > this.last) this.last = i.day;
    }, this);
    // Groups in order of size, so that the commonest keep the same colour when zooming.
    var sizes = {};
    this.incidents.forEach(function (i) { sizes[i.group] = (sizes[i.group] || 0) + 1; });
    this.groups = Object.keys(sizes).sort(function (a, b) { return sizes[b] - sizes[a] || (a < b ? -1 : 1); });
    this.view = [this.first, this.last];
  }

  Timeline.prototype.colour = function (group) {
    return this.groups.indexOf(group) % PALETTE;
  };

  Timeline.prototype.zoom = function (from, to) {
    if (this.first === null) return;
    from = Math.max(this.first, Math.floor(from));
    to = Math.min(this.last, Math.ceil(to));
    if (to < from) return;
    this.view = [from, to];
    this.draw();
    if (this.options.onZoom) this.options.onZoom(this.view, this.isWhole());
  };

  Timeline.prototype.isWhole = function () {
    return this.view[0] === this.first && this.view[1] === this.last;
  };

  Timeline.prototype.draw = function () {
    var root = this.root, self = this;
    root.textContent = "";
    if (this.first === null) {
      root.setAttribute("data-total", "0");
      root.setAttribute("data-days", "0");
      root.appendChild(el("p", { "class": "empty" }, "No dated alleged violations match these filters."));
      return;
    }
    var from = this.view[0], to = this.view[1];
    var unitName = unitFor(to - from + 1), unit = UNITS[unitName];
    var shown = this.incidents.filter(function (i) { return i.day >= from && i.day <= to; });
    root.setAttribute("data-total", String(shown.length));
    root.setAttribute("data-days", String(to - from + 1));
    root.setAttribute("data-unit", unitName);
    root.setAttribute("data-from", isoOf(from));
    root.setAttribute("data-to", isoOf(to));

    // Bins over the whole view, each with its incidents by group.
    var bins = [], index = {};
    for (var b = unit.start(from); b <= to; b = unit.next(b)) {
      index[b] = bins.length;
      bins.push({ start: b, end: unit.next(b) - 1, groups: {}, n: 0 });
    }
    shown.forEach(function (i) {
      var bin = bins[index[unit.start(i.day)]];
      (bin.groups[i.group] = bin.groups[i.group] || []).push(i);
      bin.n += 1;
    });
    var max = bins.reduce(function (m, x) { return Math.max(m, x.n); }, 0);

    var W = Math.max(root.clientWidth || 800, 320), H = 190, left = 40, right = 10, top = 10,
      bottom = 24;
    var x0 = bins[0].start, x1 = bins[bins.length - 1].end + 1;
    function x(day) { return left + (day - x0) / (x1 - x0) * (W - left - right); }
    var scale = (H - bottom - top) / Math.max(max, 1);
    var chart = svg("svg", { width: W, height: H, viewBox: "0 0 " + W + " " + H,
      role: "group", "aria-roledescription": "timeline",
      "aria-label": shown.length + " alleged violations from " + isoOf(from) + " to " +
        isoOf(to) + ", one bar per " + unitName + "; arrow keys move between bars" });
    var brushArea = svg("rect", { x: left, y: top, width: W - left - right, height: H - bottom - top,
      "class": "brush-area" });
    chart.appendChild(brushArea);
    chart.appendChild(svg("line", { x1: left, y1: H - bottom, x2: W - right, y2: H - bottom, "class": "axis" }));
    [max, Math.round(max / 2)].forEach(function (v, k) {
      if (k && (v === max || v === 0)) return;
      var y = H - bottom - v * scale;
      chart.appendChild(svg("line", { x1: left, y1: y, x2: W - right, y2: y, "class": "grid" }));
      chart.appendChild(svg("text", { x: left - 6, y: y + 4, "class": "tick", "text-anchor": "end" }, String(v)));
    });
    chart.appendChild(svg("text", { x: left - 6, y: H - bottom + 4, "class": "tick", "text-anchor": "end" }, "0"));
    ticks(x0, x1 - 1, W - left - right).forEach(function (t) {
      chart.appendChild(svg("line", { x1: x(t[0]), y1: H - bottom, x2: x(t[0]), y2: H - bottom + 4, "class": "axis" }));
      chart.appendChild(svg("text", { x: x(t[0]), y: H - 6, "class": "tick", "text-anchor": "middle" }, t[1]));
    });

    var bars = [], drawn = {};
    bins.forEach(function (bin) {
      if (!bin.n) return;
      var bx = x(bin.start), bw = Math.max(x(bin.end + 1) - bx, 1);
      var w = Math.max(Math.min(bw * 0.85, 40), 1.5), y = H - bottom;
      var label = unit.label(bin.start) + ": " + bin.n + " alleged violation" + (bin.n === 1 ? "" : "s");
      var g = svg("g", { "class": "bin", tabindex: "-1", role: "button", "data-bin": isoOf(bin.start),
        "aria-label": label + " (" + Object.keys(bin.groups).map(function (k) {
          return bin.groups[k].length + " by " + k; }).join("; ") + ")" +
          (unitName === "day" ? ". Enter opens the evidence." : ". Enter zooms in.") });
      self.groups.forEach(function (group) {
        var list = bin.groups[group];
        if (!list) return;
        drawn[group] = true;
        var cls = "bar side-" + self.colour(group);
        if (unitName === "day") {
          list.forEach(function (inc) {
            var h = scale;
            y -= h;
            var r = svg("rect", { x: bx + (bw - w) / 2, y: y, width: w, height: Math.max(h - (h > 3 ? 1 : 0), 1),
              "class": cls, "data-incident": inc.id, "data-date": inc.date, "data-group": group });
            r.appendChild(svg("title", {}, inc.date + ": alleged by " + group));
            r.addEventListener("click", function (e) {
              e.stopPropagation();
              if (self.options.onIncident) self.options.onIncident(inc.id, r);
            });
            g.appendChild(r);
          });
        } else {
          var h = list.length * scale;
          y -= h;
          var r = svg("rect", { x: bx + (bw - w) / 2, y: y, width: w, height: h, "class": cls,
            "data-count": list.length, "data-bin": isoOf(bin.start), "data-group": group });
          r.appendChild(svg("title", {}, unit.label(bin.start) + ": " + list.length + " alleged by " + group));
          g.appendChild(r);
        }
      });
      g.addEventListener("click", function () { self.open(bin, unitName, g); });
      g.addEventListener("keydown", function (e) { self.key(e, bars.indexOf(g), bars); });
      chart.appendChild(g);
      bars.push(g);
      g._bin = bin;
    });
    if (bars.length) bars[0].setAttribute("tabindex", "0");
    this.brush(chart, brushArea, function (px) {
      return x0 + (px - left) / (W - left - right) * (x1 - x0);
    });
    root.appendChild(chart);

    var legend = el("ul", { "class": "legend", "aria-label": "Bar colours: who alleges the violation" });
    this.groups.forEach(function (group) {
      if (!drawn[group]) return;
      var li = el("li", { "data-group": group });
      li.appendChild(el("span", { "class": "swatch side-" + self.colour(group), "aria-hidden": "true" }));
      li.appendChild(document.createTextNode(group));
      legend.appendChild(li);
    });
    root.appendChild(legend);
  };

  Timeline.prototype.open = function (bin, unitName, g) {
    if (unitName !== "day") {
      this.zoom(bin.start, bin.end);
      var first = this.root.querySelector("g.bin");
      if (first) first.focus();
      return;
    }
    var ids = [];
    Object.keys(bin.groups).forEach(function (k) {
      bin.groups[k].forEach(function (i) { ids.push(i.id); });
    });
    if (this.options.onIncident && ids.length) this.options.onIncident(ids[0], g, ids);
  };

  Timeline.prototype.key = function (e, i, bars) {
    var next = null;
    if (e.key === "ArrowRight" || e.key === "ArrowDown") next = bars[Math.min(i + 1, bars.length - 1)];
    else if (e.key === "ArrowLeft" || e.key === "ArrowUp") next = bars[Math.max(i - 1, 0)];
    else if (e.key === "Home") next = bars[0];
    else if (e.key === "End") next = bars[bars.length - 1];
    else if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      var bin = bars[i]._bin;
      this.open(bin, this.root.getAttribute("data-unit"), bars[i]);
      return;
    } else if (e.key === "Escape" && !this.isWhole()) {
      this.zoom(this.first, this.last);
      return;
    } else return;
    e.preventDefault();
    bars.forEach(function (b) { b.setAttribute("tabindex", "-1"); });
    next.setAttribute("tabindex", "0");
    next.focus();
  };

  // Drag across the chart to zoom to that span (a press without a drag is a click).
  Timeline.prototype.brush = function (chart, area, dayAt) {
    var self = this, start = null, band = null, dragged = false;
    function px(e) { return e.clientX - chart.getBoundingClientRect().left; }
    function move(e) {
      var now = px(e);
      if (Math.abs(now - start) >= 4) dragged = true;
      band.setAttribute("x", Math.min(start, now));
      band.setAttribute("width", Math.abs(now - start));
    }
    function up(e) {
      window.removeEventListener("pointermove", move);
      window.removeEventListener("pointerup", up);
      var end = px(e), a = Math.min(start, end), b = Math.max(start, end);
      start = null;
      band.remove();
      if (dragged) self.zoom(dayAt(a), dayAt(b));
    }
    chart.addEventListener("pointerdown", function (e) {
      if (e.button !== 0) return;
      start = px(e);
      dragged = false;
      band = svg("rect", { x: start, y: area.getAttribute("y"), width: 0,
        height: area.getAttribute("height"), "class": "brush" });
      chart.appendChild(band);
      window.addEventListener("pointermove", move);
      window.addEventListener("pointerup", up);
    });
    // A drag that ends on a bar is not a click on it.
    chart.addEventListener("click", function (e) {
      if (dragged) { e.stopPropagation(); e.preventDefault(); dragged = false; }
    }, true);
  };

  window.TrucelineTimeline = Timeline;
})();
