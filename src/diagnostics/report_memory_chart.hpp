// The report's memory chart: each worker's resident, stored and spilled bytes over time, one
// polyline per worker and series, on the task stream's time axis (it redraws when the stream's
// view changes). A script of its own after the stream's (report_page.hpp), whose names it uses.
#pragma once

#include <string_view>

namespace dtask::diagnostics {

inline constexpr std::string_view report_memory_chart = R"html(<script>
"use strict";
(() => {
const chart = document.getElementById("memory"), chartH = 180, top = 6, axisY = top + chartH;
const byWorker = new Map();
for (const m of P.memory) { if (!byWorker.has(m.worker)) byWorker.set(m.worker, []); byWorker.get(m.worker).push(m); }
const workers = [...byWorker.keys()].sort((a, b) => a - b);
if (workers.length === 0) {
  chart.replaceWith(Object.assign(document.createElement("p"), {textContent: "no memory samples"}));
  return;
}
for (const w of workers) byWorker.get(w).sort((a, b) => a.time - b.time);
const hue = w => "hsl(" + (w * 97 + 210) % 360 + ",70%,38%)";
const series = [["resident_bytes", "resident", ""], ["stored_bytes", "stored", "6,3"], ["spilled_bytes", "spilled", "2,2"]]
  .filter(([field]) => P.memory.some(m => m[field] > 0) || field !== "spilled_bytes");
document.getElementById("memory-legend").innerHTML = workers.map(w =>
  '<span><i style="background:' + hue(w) + '"></i>worker ' + w + "</span>").join("");

// About four byte ticks, 1, 2 or 5 times a power of ten of KiB, MiB or GiB apart.
const topBytes = P.memory.reduce((m, s) => Math.max(m, s.resident_bytes, s.stored_bytes, s.spilled_bytes), 1);
const quarter = topBytes / 4, unit = 2 ** (10 * Math.floor(Math.log2(Math.max(quarter, 1)) / 10));
const power = 10 ** Math.floor(Math.log10(quarter / unit)), step = unit * power * [1, 2, 5, 10].find(m => m * power >= quarter / unit);
const ymax = Math.ceil(topBytes / step) * step, y = b => top + chartH * (1 - b / ymax);
chart.setAttribute("width", width); chart.setAttribute("height", axisY + 22);
el("rect", {x: labelW, y: top, width: plotW, height: chartH, fill: "#f7f7f7"}, chart);
for (let b = 0; b <= ymax; b += step) {
  el("line", {x1: labelW, y1: y(b), x2: labelW + plotW, y2: y(b), stroke: "#ddd"}, chart);
  el("text", {x: labelW - 6, y: y(b) + 4, "font-size": 10, "text-anchor": "end"}, chart).textContent = fmtB(b);
}
const clip = el("clipPath", {id: "memory-plot"}, el("defs", {}, chart));
el("rect", {x: labelW, y: 0, width: plotW, height: axisY}, clip);
const lines = el("g", {}, el("g", {"clip-path": "url(#memory-plot)"}, chart)), axis = el("g", {}, chart);
const cursor = el("line", {y1: top, y2: axisY, stroke: "#888", visibility: "hidden"}, chart);
for (const w of workers)
  for (const [field, name, dash] of series)
    el("polyline", {points: byWorker.get(w).map(m => (m.time - begin) + "," + y(m[field])).join(" "), fill: "none",
      stroke: hue(w), "stroke-width": 1.5, "stroke-dasharray": dash, "vector-effect": "non-scaling-stroke",
      "data-memory-worker": w, "data-series": name}, lines);

function draw() {
  const k = plotW / vw;
  lines.setAttribute("transform", "translate(" + (labelW - v0 * k) + ",0) scale(" + k + ",1)");
  drawTimeAxis(axis, axisY);
}
viewChanged.push(draw);
draw();

// Hover: each worker's last sample at or before the pointer's time.
const latest = (samples, t) => { let lo = 0, hi = samples.length - 1;
  if (samples[0].time > t) return null;
  while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (samples[mid].time <= t) lo = mid; else hi = mid - 1; }
  return samples[lo]; };
chart.addEventListener("mousemove", e => {
  if (e.offsetX < labelW) return;
  const t = begin + v0 + (e.offsetX - labelW) / plotW * vw;
  cursor.setAttribute("x1", e.offsetX); cursor.setAttribute("x2", e.offsetX); cursor.setAttribute("visibility", "visible");
  tip.textContent = "at " + fmtS(t - begin) + workers.map(w => { const m = latest(byWorker.get(w), t);
    return "\nworker " + w + ": " + (m ? "resident " + fmtB(m.resident_bytes) + ", stored " + fmtB(m.stored_bytes) +
      ", spilled " + fmtB(m.spilled_bytes) : "no sample yet"); }).join("");
  tip.style.display = "block"; tip.style.left = (e.clientX + 12) + "px"; tip.style.top = (e.clientY + 12) + "px";
});
chart.addEventListener("mouseleave", () => { tip.style.display = "none"; cursor.setAttribute("visibility", "hidden"); });
})();
</script>
)html";

}  // namespace dtask::diagnostics
