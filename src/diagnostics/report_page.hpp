// The report's page: style and script around the profile's data (report.cpp inserts it as
// JSON between the head and the tail, then adds the memory chart, report_memory_chart.hpp, and
// the end). Self-contained: nothing is loaded from the network.
#pragma once

#include <string_view>

namespace dtask::diagnostics {

inline constexpr std::string_view report_page_head = R"html(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>dtask report</title>
<style>
body { font: 13px/1.4 system-ui, sans-serif; margin: 16px 24px; color: #222; }
h1 { font-size: 20px; margin: 0 0 8px; } h2 { font-size: 15px; margin: 20px 0 6px; }
table { border-collapse: collapse; } td, th { padding: 2px 10px 2px 0; text-align: right; }
th { border-bottom: 1px solid #bbb; } td:first-child, th:first-child { text-align: left; }
#stream { border: 1px solid #ccc; cursor: grab; user-select: none; display: block; }
#tip { position: fixed; pointer-events: none; background: #fffff0; border: 1px solid #999;
       padding: 4px 6px; display: none; white-space: pre; font: 12px monospace; }
.legend span { display: inline-block; margin-right: 12px; }
.legend i { display: inline-block; width: 12px; height: 12px; margin-right: 4px; vertical-align: -2px; }
.bar { display: inline-block; height: 10px; background: #4a7; vertical-align: -1px; }
.note { color: #666; }
</style></head><body>
<h1>dtask report</h1>
<div id="summary"></div>
<h2>Task stream</h2>
<div class="note">Wheel: zoom; drag: pan; double-click: whole run. One row per worker thread; transfers (fetches) in a row per receiving worker, hatched; spills in a row per worker that spilled: dark to disk, light back from it.</div>
<div class="legend" id="legend"></div>
<svg id="stream" xmlns="http://www.w3.org/2000/svg"></svg>
<h2>Memory per worker</h2>
<div class="note">Sampled every 50 ms while a worker has tasks, and when its part of a computation starts and ends. Solid: resident memory of the process; dashed: bytes of the results it stores; dotted: bytes spilled to disk. Same time axis as the task stream (zoom there); hover for values.</div>
<div class="legend" id="memory-legend"></div>
<svg id="memory" xmlns="http://www.w3.org/2000/svg"></svg>
<h2>Busy fraction per worker</h2><div id="busy"></div>
<h2>Bytes moved worker to worker</h2><div id="bytes"></div>
<h2>Slowest task prefixes</h2><div id="prefixes"></div>
<div id="tip"></div>
<script id="profile" type="application/json">)html";

inline constexpr std::string_view report_page_tail = R"html(</script>
<script>
"use strict";
const P = JSON.parse(document.getElementById("profile").textContent);
const NS = "http://www.w3.org/2000/svg";
const fmtS = s => s >= 1 ? s.toFixed(3) + " s" : s >= 1e-3 ? (s * 1e3).toFixed(3) + " ms" : (s * 1e6).toFixed(1) + " us";
const fmtB = b => b >= 2 ** 30 ? (b / 2 ** 30).toFixed(2) + " GiB" : b >= 2 ** 20 ? (b / 2 ** 20).toFixed(2) + " MiB" :
                  b >= 1024 ? (b / 1024).toFixed(1) + " KiB" : b + " B";
const fmtTick = (t, step) => step >= 1 ? t.toFixed(0) + " s" : step >= 1e-3 ?
  (t * 1e3).toFixed(Math.max(0, -Math.floor(Math.log10(step * 1e3)))) + " ms" : (t * 1e6).toFixed(0) + " us";
const el = (tag, attrs, parent) => { const e = document.createElementNS(NS, tag);
  for (const k in attrs) e.setAttribute(k, attrs[k]); if (parent) parent.appendChild(e); return e; };
const table = (head, rows) => "<table><tr>" + head.map(h => "<th>" + h + "</th>").join("") + "</tr>" +
  rows.map(r => "<tr>" + r.map(c => "<td>" + c + "</td>").join("") + "</tr>").join("") + "</table>";
const esc = s => String(s).replace(/[&<>"]/g, c => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}[c]));

// Colours by prefix, in order of first appearance.
const prefixes = [...new Set(P.tasks.map(t => t.prefix))];
const colour = {}; prefixes.forEach((p, i) => colour[p] = "hsl(" + (i * 137.5 % 360) + ",65%,55%)");
document.getElementById("legend").innerHTML =
  prefixes.map(p => '<span><i style="background:' + colour[p] + '"></i>' + esc(p) + "</span>").join("");

// Rows: worker threads, then one transfer row per receiving worker.
const rowOf = new Map();
const rowKeys = [...new Set(P.tasks.map(t => t.worker + "/" + t.thread))].sort((a, b) => {
  const [wa, ta] = a.split("/").map(Number), [wb, tb] = b.split("/").map(Number); return wa - wb || ta - tb; });
const rows = rowKeys.map(k => { const [w, t] = k.split("/"); return "worker " + w + " thread " + t; });
rowKeys.forEach((k, i) => rowOf.set(k, i));
const fetchRows = [...new Set(P.transfers.map(t => t.to))].sort((a, b) => a - b);
fetchRows.forEach(w => { rowOf.set("fetch/" + w, rows.length); rows.push("worker " + w + " fetches"); });
const spillRows = [...new Set(P.spills.map(s => s.worker))].sort((a, b) => a - b);
spillRows.forEach(w => { rowOf.set("spill/" + w, rows.length); rows.push("worker " + w + " spills"); });

// Reduced, not spread: a spread of a million arguments overflows the stack.
const t0 = [...P.computes, ...P.tasks].reduce((m, r) => Math.min(m, r.start), Infinity);
const t1 = [...P.computes, ...P.tasks].reduce((m, r) => Math.max(m, r.end), -Infinity);
const span = isFinite(t0) && t1 > t0 ? t1 - t0 : 1;
const begin = isFinite(t0) ? t0 : 0;

// Summary.
const taskSeconds = P.tasks.reduce((s, t) => s + (t.end - t.start), 0);
const moved = P.transfers.reduce((s, t) => s + t.bytes, 0);
document.getElementById("summary").innerHTML = table(["", ""], [
  ["tasks", P.tasks.length], ["computations", P.computes.length],
  ["wall time of the computations", fmtS(P.computes.reduce((s, c) => s + c.end - c.start, 0))],
  ["process time when written", fmtS(P.wall_seconds)], ["time in tasks", fmtS(taskSeconds)],
  ["scheduler time per task", P.scheduler_busy_seconds > 0 && P.tasks.length ?
     fmtS(P.scheduler_busy_seconds / P.tasks.length) : "n/a (one process: no scheduler thread)"],
  ["transfers", P.transfers.length + " (" + fmtB(moved) + ")"],
  ["spills", P.spills.filter(s => s.to_disk).length + " to disk, " + P.spills.filter(s => !s.to_disk).length + " read back"]]);

// Busy fraction: time in tasks over (threads x the computations' wall time).
const computeWall = P.computes.reduce((s, c) => s + c.end - c.start, 0) || span;
const perWorker = new Map();
for (const t of P.tasks) {
  const w = perWorker.get(t.worker) || {threads: new Set(), busy: 0, tasks: 0};
  w.threads.add(t.thread); w.busy += t.end - t.start; w.tasks++; perWorker.set(t.worker, w);
}
document.getElementById("busy").innerHTML = table(["worker", "threads", "tasks", "busy", ""],
  [...perWorker].sort((a, b) => a[0] - b[0]).map(([w, s]) => {
    const f = Math.min(1, s.busy / (s.threads.size * computeWall));
    return [w, s.threads.size, s.tasks, (100 * f).toFixed(1) + "%", '<span class="bar" style="width:' + (200 * f) + 'px"></span>'];
  }));

// Bytes moved: from (rows) to (columns).
const workers = [...new Set([...P.transfers.map(t => t.from), ...P.transfers.map(t => t.to)])].sort((a, b) => a - b);
const matrix = {}; for (const t of P.transfers) matrix[t.from + ">" + t.to] = (matrix[t.from + ">" + t.to] || 0) + t.bytes;
document.getElementById("bytes").innerHTML = workers.length === 0 ? "<p>none</p>" :
  table(["from \\ to", ...workers], workers.map(f => [f, ...workers.map(t => fmtB(matrix[f + ">" + t] || 0))]));

// Slowest prefixes, by total time.
const byPrefix = new Map();
for (const t of P.tasks) {
  const s = byPrefix.get(t.prefix) || {n: 0, total: 0, max: 0}, d = t.end - t.start;
  s.n++; s.total += d; s.max = Math.max(s.max, d); byPrefix.set(t.prefix, s);
}
document.getElementById("prefixes").innerHTML = table(["prefix", "tasks", "total", "mean", "max"],
  [...byPrefix].sort((a, b) => b[1].total - a[1].total).slice(0, 20)
    .map(([p, s]) => [esc(p), s.n, fmtS(s.total), fmtS(s.total / s.n), fmtS(s.max)]));

// The task stream: bars in time units inside a group scaled to the view.
const svg = document.getElementById("stream"), labelW = 150, rowH = 18, axisH = 22;
const width = Math.max(600, document.body.clientWidth - 50), plotW = width - labelW;
svg.setAttribute("width", width); svg.setAttribute("height", rows.length * rowH + axisH);
const defs = el("defs", {}, svg), hatch = el("pattern", {id: "hatch", width: 4, height: 4, patternUnits: "userSpaceOnUse",
  patternTransform: "rotate(45)"}, defs);
el("rect", {width: 4, height: 4, fill: "#fdd"}, hatch); el("line", {x1: 0, y1: 0, x2: 0, y2: 4, stroke: "#c33", "stroke-width": 2}, hatch);
rows.forEach((r, i) => {
  el("rect", {x: labelW, y: i * rowH, width: plotW, height: rowH, fill: i % 2 ? "#fafafa" : "#f0f0f0"}, svg);
  el("text", {x: 4, y: i * rowH + 13, "font-size": 11}, svg).textContent = r;
});
const clip = el("clipPath", {id: "plot"}, defs); el("rect", {x: labelW, y: 0, width: plotW, height: rows.length * rowH}, clip);
const plot = el("g", {"clip-path": "url(#plot)"}, svg), bars = el("g", {}, plot), axis = el("g", {}, svg);
const tip = document.getElementById("tip");
function describe(d) {
  return d.prefix !== undefined ?
    d.key + "\nworker " + d.worker + " thread " + d.thread + "\nduration " + fmtS(d.end - d.start) +
      "\nstart " + fmtS(d.start - begin) + "\nbytes in " + fmtB(d.bytes_in) + ", out " + fmtB(d.bytes_out) :
    d.to_disk !== undefined ? (d.to_disk ? "spill " : "read back ") + d.key + "\nworker " + d.worker + "\n" + fmtB(d.bytes) +
      " in " + fmtS(d.end - d.start) :
    "fetch " + d.key + "\nworker " + d.from + " -> " + d.to + "\n" + fmtB(d.bytes) + " in " + fmtS(d.end - d.start);
}
function addBar(d, row, attrs) {
  const r = el("rect", Object.assign({x: d.start - begin, y: row * rowH + 2, width: Math.max(d.end - d.start, 0), height: rowH - 4}, attrs), bars);
  r.addEventListener("mousemove", e => { tip.textContent = describe(d); tip.style.display = "block";
    tip.style.left = (e.clientX + 12) + "px"; tip.style.top = (e.clientY + 12) + "px"; });
  r.addEventListener("mouseleave", () => tip.style.display = "none");
}
P.tasks.forEach((t, i) => addBar(t, rowOf.get(t.worker + "/" + t.thread), {fill: colour[t.prefix], "data-task": i}));
P.transfers.forEach((t, i) => addBar(t, rowOf.get("fetch/" + t.to), {fill: "url(#hatch)", stroke: "#c33",
  "stroke-width": 0.5, "vector-effect": "non-scaling-stroke", "data-transfer": i}));
P.spills.forEach((s, i) => addBar(s, rowOf.get("spill/" + s.worker), {fill: s.to_disk ? "#345" : "#9ab", "data-spill": i}));

// View: [v0, v0 + vw] seconds after begin. Bars narrower than a pixel are drawn one pixel wide.
// Charts below the stream follow the view: each adds a function to viewChanged.
let v0 = 0, vw = span;
const viewChanged = [];
function redraw() {
  const k = plotW / vw;
  bars.setAttribute("transform", "translate(" + (labelW - v0 * k) + ",0) scale(" + k + ",1)");
  for (const r of bars.children) {
    const w = Math.max(+r.getAttribute("data-w") || 0, 1 / k);
    r.setAttribute("width", w);
  }
  drawTimeAxis(axis, rows.length * rowH);
  viewChanged.forEach(f => f());
}
// The view's time ticks into group, at height y: about ten, 1, 2 or 5 times a power of ten apart.
function drawTimeAxis(group, y) {
  while (group.firstChild) group.removeChild(group.firstChild);
  const k = plotW / vw, unit = 10 ** Math.floor(Math.log10(vw / 10)), step = unit * [1, 2, 5, 10].find(m => vw / (unit * m) <= 10);
  for (let i = Math.ceil(v0 / step); i * step <= v0 + vw; i++) {
    const t = i * step, x = labelW + (t - v0) * k;
    el("line", {x1: x, y1: y, x2: x, y2: y + 5, stroke: "#666"}, group);
    el("text", {x: x + 2, y: y + 16, "font-size": 10}, group).textContent = fmtTick(t, step);
  }
}
for (const r of bars.children) r.setAttribute("data-w", r.getAttribute("width"));
svg.addEventListener("wheel", e => {
  e.preventDefault();
  const at = v0 + (e.offsetX - labelW) / plotW * vw, f = e.deltaY > 0 ? 1.25 : 0.8;
  vw = Math.min(span, vw * f); v0 = Math.max(0, Math.min(span - vw, at - (at - v0) * f)); redraw();
}, {passive: false});
let dragX = null;
svg.addEventListener("mousedown", e => { dragX = e.clientX; svg.style.cursor = "grabbing"; });
window.addEventListener("mouseup", () => { dragX = null; svg.style.cursor = "grab"; });
window.addEventListener("mousemove", e => { if (dragX === null) return;
  v0 = Math.max(0, Math.min(span - vw, v0 - (e.clientX - dragX) / plotW * vw)); dragX = e.clientX; redraw(); });
svg.addEventListener("dblclick", () => { v0 = 0; vw = span; redraw(); });
redraw();
</script>
)html";

inline constexpr std::string_view report_page_end = "</body></html>\n";

}  // namespace dtask::diagnostics
