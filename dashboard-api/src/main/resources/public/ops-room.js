// The ops-room screen: the overview on load (and every minute), live points and alert changes over
// the stream without reloads. No libraries: the page must work with no internet.
"use strict";

const tiles = new Map(); // series key -> {headline, element}
let stream;
const activeAlerts = new Map(); // fingerprint -> the overview's alert, for its silence's matchers
const charts = new Map(); // series key -> {kpi, unit, tags, window, points, from, to, element}
let ruleKpis = new Map(); // rule name -> the KPI it watches, to put an alert on its KPI's chart
let knownAlerts = []; // GET /api/v1/alerts: firing and recently resolved, with their times
let clockOffset = 0; // the server's clock minus this screen's: charts end at the server's now

const CHART_HOURS = 3;
const CHART_RELOAD_MS = 5 * 60_000; // the band of live points comes with the next reload

// One token field: the read token (or the admin token, which also acknowledges). Kept for this tab
// only, so a wall screen reloads without asking again.
const tokenField = document.getElementById("token");
tokenField.value = sessionStorage.getItem("opsmon-token") || "";

function authorization() {
  return tokenField.value ? { Authorization: "Bearer " + tokenField.value } : {};
}

function seriesKey(kpi, tags) {
  return kpi + "{" + Object.keys(tags).sort().map((t) => t + "=" + tags[t]).join(",") + "}";
}

function format(value) {
  if (value === null || value === undefined) return "–";
  const abs = Math.abs(value);
  if (abs !== 0 && abs < 1) return value.toFixed(3);
  if (abs < 100) return (Math.round(value * 10) / 10).toString();
  return Math.round(value).toLocaleString("en");
}

function change(label, c) {
  if (!c) return `<span class="flat">${label}: –</span>`;
  const pct = c.ratio === null ? "" : ` (${(c.ratio * 100).toFixed(1)}%)`;
  const dir = c.delta > 0 ? "up" : c.delta < 0 ? "down" : "flat";
  return `<span class="${dir}">${label}: ${c.delta > 0 ? "+" : ""}${format(c.delta)}${pct}</span>`;
}

function sparkline(values) {
  if (values.length < 2) return "";
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const points = values
    .map((v, i) => `${((i / (values.length - 1)) * 100).toFixed(2)},${(28 - ((v - min) / span) * 26).toFixed(2)}`)
    .join(" ");
  return `<svg viewBox="0 0 100 30" preserveAspectRatio="none"><polyline points="${points}"/></svg>`;
}

function escape(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function renderTile(t) {
  const h = t.headline;
  t.element.innerHTML =
    `<div class="name">${escape(h.kpi)}</div>` +
    `<div><span class="value" data-kpi="${escape(h.kpi)}">${format(h.value)}</span>` +
    `<span class="unit">${escape(h.unit)}</span></div>` +
    `<div class="change">${change("vs yesterday", h.yesterday)} · ${change("vs last week", h.lastWeek)}</div>` +
    soFar(t) +
    sparkline(h.sparkline);
}

// The window still open, as far as it has come: shown under the last closed value, which stays
// the headline (a window half-way through is not comparable with yesterday's).
function soFar(t) {
  const p = t.partial;
  if (!p || (t.headline.time !== null && p.windowStart <= t.headline.time)) return "";
  return `<div class="so-far" data-kpi="${escape(t.headline.kpi)}">` +
    `<span class="label">${clock(Date.parse(p.windowStart))} so far</span> ` +
    `<span class="partial-value">${format(p.value)}</span></div>`;
}

function onPartial(point) {
  const t = tiles.get(seriesKey(point.kpi, point.tags));
  if (!t || point.window !== t.headline.window) return;
  if (t.partial && point.windowStart < t.partial.windowStart) return; // an older window's news
  t.partial = { windowStart: point.windowStart, value: point.value };
  renderTile(t);
}

function renderOverview(o) {
  const container = document.getElementById("tiles");
  const before = new Map(tiles);
  container.innerHTML = "";
  tiles.clear();
  for (const h of o.headlines) {
    // the stream can be ahead of the store the overview reads: keep a newer live value
    const seen = before.get(seriesKey(h.kpi, h.tags));
    if (seen && seen.headline.time !== null && (h.time === null || seen.headline.time > h.time)) {
      h.sparkline.push(seen.headline.value);
      h.time = seen.headline.time;
      h.value = seen.headline.value;
      h.yesterday = h.lastWeek = null; // they compare another window; the store will catch up
    }
    const element = document.createElement("article");
    element.className = "tile";
    element.id = "tile-" + h.kpi;
    container.appendChild(element);
    const t = { headline: h, element, partial: seen ? seen.partial : null };
    tiles.set(seriesKey(h.kpi, h.tags), t);
    renderTile(t);
  }
  const counts = o.alerts.bySeverity;
  document.getElementById("alert-counts").textContent = o.alerts.known
    ? `▲ ${counts.critical} ◆ ${counts.warning} ● ${counts.info}`
    : "(not available)";
  const list = document.getElementById("alerts");
  activeAlerts.clear();
  o.alerts.active.forEach((a) => activeAlerts.set(a.fingerprint, a));
  list.innerHTML = o.alerts.active.length
    ? o.alerts.active
        .map((a) => `<li class="${escape(a.severity)} ${escape(a.state)}" data-fingerprint="${escape(a.fingerprint)}">` +
          `<span class="summary">${escape(a.summary || a.rule)}</span>` +
          (a.state === "acknowledged" ? " (acknowledged)" : `<button class="ack" type="button">Acknowledge</button>`) +
          `<button class="silence" type="button">Silence 1h</button>` +
          `</li>`)
        .join("")
    : `<li class="none">none firing</li>`;
  showSilenced();
  document.getElementById("health").innerHTML = o.dataHealth.sources
    .map((s) => {
      const lag = s.watermarkLagSeconds === null ? "–" : format(s.watermarkLagSeconds) + " s";
      return `<li class="${s.silent ? "silent" : "ok"}" data-source="${escape(s.source)}">` +
        `${escape(s.source)} · lag ${lag}${s.silent ? " · silent" : ""}</li>`;
    })
    .join("");
  document.getElementById("updated").textContent = "as of " + new Date(o.at).toLocaleTimeString();
  clockOffset = Date.parse(o.at) - Date.now();
  syncCharts(o.headlines);
}

// One message per alert, the newest: a second click does not stack them.
function showProblem(item, text) {
  const problem = item.querySelector(".problem") || item.appendChild(document.createElement("span"));
  problem.className = "problem";
  problem.textContent = text;
}

// Acknowledging needs the admin token; the alert manager applies it and the stream brings the
// alert's new state, which reloads the overview.
async function acknowledge(item) {
  const response = await fetch(`/api/v1/alerts/${encodeURIComponent(item.dataset.fingerprint)}/ack`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...authorization() },
    body: JSON.stringify({ by: "ops room", comment: "acknowledged on the wall screen", duration: "1h" }),
  });
  if (!response.ok) {
    showProblem(item, response.status === 401 || response.status === 403 ? "the admin token is needed" : "not acknowledged (" + response.status + ")");
  }
}

// A label value inside a matcher's quotes, as the alert manager reads it.
function quoted(value) {
  return String(value).replace(/\\/g, "\\\\").replace(/"/g, '\\"');
}

// Silencing for an hour mutes exactly this alert: its rule and every one of its labels (the
// series' tags and the rule's own labels), as its fingerprint is made.
async function silence(item) {
  const alert = activeAlerts.get(item.dataset.fingerprint);
  if (!alert) return;
  const labels = { alertname: alert.rule, ...alert.labels };
  const button = item.querySelector("button.silence");
  button.disabled = true; // one click, one silence
  const response = await fetch("/api/v1/silences", {
    method: "POST",
    headers: { "Content-Type": "application/json", ...authorization() },
    body: JSON.stringify({
      matchers: Object.keys(labels).sort().map((name) => `${name}="${quoted(labels[name])}"`),
      duration: "1h",
      createdBy: "ops room",
      comment: "silenced for an hour on the wall screen",
    }),
  });
  if (response.ok) {
    loadAlerts();
  } else {
    button.disabled = false;
    showProblem(item, response.status === 401 || response.status === 403 ? "the admin token is needed to silence" : "not silenced (" + response.status + ")");
  }
}

// A silenced alert shows so instead of its Silence button (GET /api/v1/alerts says which are).
function showSilenced() {
  const silenced = new Set(knownAlerts.filter((a) => a.silencedBy && a.silencedBy.length).map((a) => a.fingerprint));
  for (const item of document.querySelectorAll("#alerts li[data-fingerprint]")) {
    const button = item.querySelector("button.silence");
    if (button && silenced.has(item.dataset.fingerprint)) {
      const note = document.createElement("span");
      note.className = "silenced";
      note.textContent = " (silenced)";
      button.replaceWith(note);
    }
  }
}

document.getElementById("alerts").addEventListener("click", (e) => {
  if (e.target.classList.contains("ack")) acknowledge(e.target.closest("li"));
  if (e.target.classList.contains("silence")) silence(e.target.closest("li"));
});

async function loadOverview() {
  const response = await fetch("/api/v1/overview", { headers: { Accept: "application/json", ...authorization() } });
  if (response.ok) {
    renderOverview(await response.json());
    loadAlerts();
  }
  return response.ok;
}

function onPoint(point) {
  extendChart(point);
  const t = tiles.get(seriesKey(point.kpi, point.tags));
  if (!t || point.window !== t.headline.window) return;
  const h = t.headline;
  if (h.time === null || point.windowStart > h.time) {
    h.sparkline.push(point.value);
    if (h.sparkline.length > 120) h.sparkline.shift();
    h.time = point.windowStart;
    h.value = point.value;
    h.yesterday = h.lastWeek = null; // compared with another window: shown again by the overview
  } else if (point.windowStart === h.time) {
    h.sparkline[h.sparkline.length - 1] = point.value; // a late correction of the newest window
    h.value = point.value;
  } else {
    return; // a correction of an older window: the next overview shows it
  }
  renderTile(t);
}

function connect() {
  const status = document.getElementById("status");
  const kpis = [...new Set([...tiles.values()].map((t) => t.headline.kpi))];
  const params = kpis.map((k) => ["kpi", k]);
  // EventSource cannot send a header: the stream alone takes the token in its query
  if (tokenField.value) params.push(["access_token", tokenField.value]);
  if (stream) stream.close();
  stream = new EventSource("/api/v1/stream?" + new URLSearchParams(params));
  stream.onopen = () => { status.dataset.state = "live"; status.textContent = "live"; };
  stream.onerror = () => { status.dataset.state = "lost"; status.textContent = "reconnecting…"; };
  stream.addEventListener("kpi", (e) => onPoint(JSON.parse(e.data)));
  stream.addEventListener("partial", (e) => onPartial(JSON.parse(e.data)));
  stream.addEventListener("alert", () => loadOverview());
  stream.addEventListener("reset", () => loadOverview());
}

// ---- Charts: each headline series over the last hours, its expected band and its alerts ----

function durationMillis(iso) {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(iso) || [];
  return (((+m[1] || 0) * 24 + (+m[2] || 0)) * 60 + (+m[3] || 0)) * 60_000 + (+m[4] || 0) * 1000;
}

function clock(ms) {
  return new Date(ms).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

// One chart per headline, in the overview's order; a new one is loaded at once.
function syncCharts(headlines) {
  const container = document.getElementById("charts");
  const wanted = new Set();
  let added = false;
  for (const h of headlines) {
    const key = seriesKey(h.kpi, h.tags);
    wanted.add(key);
    if (!charts.has(key)) {
      const element = document.createElement("article");
      element.className = "chart";
      element.id = "chart-" + h.kpi;
      charts.set(key, { kpi: h.kpi, unit: h.unit, tags: h.tags, window: h.window, points: [], from: 0, to: 0, element });
      added = true;
    }
    container.appendChild(charts.get(key).element); // appending again keeps the overview's order
  }
  for (const [key, c] of charts) {
    if (!wanted.has(key)) {
      c.element.remove();
      charts.delete(key);
    }
  }
  if (added) loadCharts();
}

async function loadCharts() {
  await loadRules();
  await Promise.all([...charts.values()].map(loadChart));
}

// Which KPI each rule watches: an alert names its rule, not its KPI. No rules published: no marks.
async function loadRules() {
  const response = await fetch("/api/v1/rules", { headers: { Accept: "application/json", ...authorization() } });
  if (!response.ok) return;
  const published = await response.json();
  ruleKpis = new Map(published.rules.filter((r) => r.kpi).map((r) => [r.name, r.kpi]));
}

async function loadChart(c) {
  // to the next whole minute: the same points (no window starts before it that has not started
  // before now), and every screen of the room asks the same query, so the API reads it once
  const to = Math.ceil((Date.now() + clockOffset) / 60_000) * 60_000;
  const from = to - CHART_HOURS * 3_600_000;
  const params = new URLSearchParams({ from: new Date(from).toISOString(), to: new Date(to).toISOString(), window: c.window, band: "true", ...c.tags });
  const response = await fetch(`/api/v1/kpis/${encodeURIComponent(c.kpi)}?${params}`, { headers: { Accept: "application/json", ...authorization() } });
  if (!response.ok) return;
  const stored = (await response.json()).points.map((p) =>
    ({ time: Date.parse(p.time), value: p.value, expected: p.expected, lower: p.lower, upper: p.upper }));
  // the stream can be ahead of the store: keep live points newer than what it returned
  const newestStored = stored.length ? stored[stored.length - 1].time : -Infinity;
  const live = c.points.filter((p) => p.time > newestStored);
  c.to = Math.max(to, c.to);
  c.from = c.to - CHART_HOURS * 3_600_000;
  c.points = stored.concat(live).filter((p) => p.time >= c.from);
  drawChart(c);
}

// The alerts with their times and silences: marks on the charts, and which listed ones are silenced.
async function loadAlerts() {
  const response = await fetch("/api/v1/alerts", { headers: { Accept: "application/json", ...authorization() } });
  if (!response.ok) return;
  knownAlerts = (await response.json()).alerts;
  charts.forEach(drawChart);
  showSilenced();
}

// A live point extends its series' chart; its band comes with the next reload.
function extendChart(point) {
  const c = charts.get(seriesKey(point.kpi, point.tags));
  if (!c || point.window !== c.window || !c.to) return;
  const time = Date.parse(point.windowStart);
  const same = c.points.find((p) => p.time === time);
  if (same) {
    same.value = point.value; // a late correction
  } else if (!c.points.length || time > c.points[c.points.length - 1].time) {
    c.points.push({ time, value: point.value, expected: null, lower: null, upper: null });
  } else {
    return; // a correction of a window not on the chart: the next reload shows it
  }
  c.to = Math.max(c.to, time + durationMillis(c.window));
  c.from = c.to - CHART_HOURS * 3_600_000;
  c.points = c.points.filter((p) => p.time >= c.from);
  drawChart(c);
}

// This chart's alerts: of a rule on its KPI, on its series or on a part of it (a region's alert
// belongs on the chart of all regions too: that is where the ops room looks).
function marksOf(c) {
  return knownAlerts.filter((a) =>
    a.state !== "pending" &&
    ruleKpis.get(a.labels.alertname) === c.kpi &&
    Object.keys(c.tags).every((tag) => c.tags[tag] === "all" || a.labels[tag] === c.tags[tag]));
}

// Plot area inside the SVG's own coordinates; the SVG scales as a whole, type included.
const PLOT = { left: 78, right: 590, top: 30, bottom: 176, width: 600, height: 206 };

function scales(c) {
  const values = [];
  for (const p of c.points) {
    values.push(p.value);
    if (p.lower !== null) values.push(p.lower, p.upper);
  }
  let min = values.length ? Math.min(...values) : 0;
  let max = values.length ? Math.max(...values) : 1;
  if (max === min) {
    const margin = Math.abs(max) * 0.1 || 1;
    max += margin;
    min -= margin;
  }
  const pad = (max - min) * 0.08;
  min = min >= 0 ? Math.max(0, min - pad) : min - pad; // a count or a ratio never shows below 0
  max += pad;
  return {
    min, max,
    x: (t) => PLOT.left + ((t - c.from) / (c.to - c.from)) * (PLOT.right - PLOT.left),
    y: (v) => PLOT.bottom - ((v - min) / (max - min)) * (PLOT.bottom - PLOT.top),
  };
}

// The band as one closed shape per run of points the detector has a band for.
function bandPath(c, s) {
  const runs = [];
  let run = [];
  for (const p of c.points) {
    if (p.lower === null || p.upper === null) {
      if (run.length) runs.push(run);
      run = [];
    } else {
      run.push(p);
    }
  }
  if (run.length) runs.push(run);
  return runs
    .filter((r) => r.length > 1)
    .map((r) => "M" + r.map((p) => `${s.x(p.time).toFixed(1)},${s.y(p.upper).toFixed(1)}`).join("L") +
      "L" + r.slice().reverse().map((p) => `${s.x(p.time).toFixed(1)},${s.y(p.lower).toFixed(1)}`).join("L") + "Z")
    .join("");
}

// Consecutive points closer than two windows are joined; farther apart, the line breaks.
function joined(c, a, b) {
  return a !== undefined && b !== undefined && Math.abs(b.time - a.time) <= 2 * durationMillis(c.window);
}

function linePath(c, s) {
  return c.points
    .map((p, i) => (joined(c, c.points[i - 1], p) ? "L" : "M") + `${s.x(p.time).toFixed(1)},${s.y(p.value).toFixed(1)}`)
    .join("");
}

// A point joined to no other has no line to show it: a dot does.
function dotsSvg(c, s) {
  return c.points
    .filter((p, i) => !joined(c, c.points[i - 1], p) && !joined(c, p, c.points[i + 1]))
    .map((p) => `<circle class="dot" cx="${s.x(p.time).toFixed(1)}" cy="${s.y(p.value).toFixed(1)}" r="5"/>`)
    .join("");
}

// Severity by colour and by shape, as in the alert list: ▲ critical, ◆ warning, ● info.
function markShape(severity, x) {
  const top = PLOT.top - 24;
  if (severity === "critical") return `<path class="shape" d="M${x},${top}l9,16h-18z"/>`;
  if (severity === "warning") return `<path class="shape" d="M${x},${top}l9,9l-9,9l-9,-9z"/>`;
  return `<circle class="shape" cx="${x}" cy="${top + 9}" r="8"/>`;
}

function markSvg(a, c, s) {
  const severity = ["critical", "warning", "info"].includes(a.labels.severity) ? a.labels.severity : "info";
  const start = Date.parse(a.startsAt);
  const end = a.endsAt ? Date.parse(a.endsAt) : null;
  if (start > c.to || (end !== null && end < c.from)) return "";
  const x0 = Math.max(s.x(start), PLOT.left).toFixed(1);
  const x1 = Math.min(end === null ? PLOT.right : s.x(end), PLOT.right).toFixed(1);
  let svg = `<g class="mark ${severity} ${escape(a.state)}" data-fingerprint="${escape(a.fingerprint)}">` +
    `<title>${escape(a.summary || a.labels.alertname)}</title>` +
    `<rect class="span" x="${x0}" y="${PLOT.top - 4}" width="${Math.max(x1 - x0, 1).toFixed(1)}" height="4"/>`;
  if (start >= c.from) svg += `<line class="start" x1="${x0}" x2="${x0}" y1="${PLOT.top - 6}" y2="${PLOT.bottom}"/>` + markShape(severity, x0);
  if (end !== null && end <= c.to) svg += `<line class="end" x1="${x1}" x2="${x1}" y1="${PLOT.top}" y2="${PLOT.bottom}"/>`;
  return svg + "</g>";
}

function chartTitle(c) {
  return `<h3>${escape(c.kpi)} <span class="unit">${escape(c.unit)} · last ${CHART_HOURS} h</span>` +
    `<span class="legend"><i class="key-line"></i>value <i class="key-band"></i>expected</span></h3>`;
}

// The time axis with its ends, and the value scale's ends when there is something to scale.
function axesSvg(c, s) {
  const middle = `x="${(PLOT.left + PLOT.right) / 2}" y="${(PLOT.top + PLOT.bottom) / 2}"`;
  return `<line class="axis" x1="${PLOT.left}" x2="${PLOT.right}" y1="${PLOT.bottom}" y2="${PLOT.bottom}"/>` +
    `<text class="x start" x="${PLOT.left}" y="${PLOT.height - 4}">${clock(c.from)}</text>` +
    `<text class="x end" x="${PLOT.right}" y="${PLOT.height - 4}">${clock(c.to)}</text>` +
    (c.points.length
      ? `<text class="y" x="${PLOT.left - 8}" y="${PLOT.top + 8}">${format(s.max)}</text>` +
        `<text class="y" x="${PLOT.left - 8}" y="${PLOT.bottom}">${format(s.min)}</text>`
      : `<text class="empty" ${middle}>no data in the last ${CHART_HOURS} h</text>`);
}

function drawChart(c) {
  if (!c.to) return; // not loaded yet
  const s = scales(c);
  const newest = c.points[c.points.length - 1];
  c.element.dataset.newest = newest ? new Date(newest.time).toISOString() : "";
  c.element.innerHTML = chartTitle(c) +
    `<svg viewBox="0 0 ${PLOT.width} ${PLOT.height}" role="img" aria-label="${escape(c.kpi)} over the last ${CHART_HOURS} hours">` +
    axesSvg(c, s) +
    `<path class="band" d="${bandPath(c, s)}"/>` +
    `<path class="line" d="${linePath(c, s)}"/>` + dotsSvg(c, s) +
    marksOf(c).map((a) => markSvg(a, c, s)).join("") +
    `</svg>`;
}

async function start() {
  const status = document.getElementById("status");
  if (await loadOverview()) {
    connect();
  } else {
    if (stream) stream.close();
    status.dataset.state = "lost";
    status.textContent = "the read token is needed";
  }
}

tokenField.addEventListener("change", () => {
  sessionStorage.setItem("opsmon-token", tokenField.value);
  start();
});

start();
setInterval(loadOverview, 60_000);
setInterval(loadCharts, CHART_RELOAD_MS);
