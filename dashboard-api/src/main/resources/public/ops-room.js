// The ops-room screen: the overview on load (and every minute), live points and alert changes over
// the stream without reloads. No libraries: the page must work with no internet.
"use strict";

const tiles = new Map(); // series key -> {headline, element}
let stream;

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
    sparkline(h.sparkline);
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
    const t = { headline: h, element };
    tiles.set(seriesKey(h.kpi, h.tags), t);
    renderTile(t);
  }
  const counts = o.alerts.bySeverity;
  document.getElementById("alert-counts").textContent = o.alerts.known
    ? `▲ ${counts.critical} ◆ ${counts.warning} ● ${counts.info}`
    : "(not available)";
  const list = document.getElementById("alerts");
  list.innerHTML = o.alerts.active.length
    ? o.alerts.active
        .map((a) => `<li class="${escape(a.severity)} ${escape(a.state)}" data-fingerprint="${escape(a.fingerprint)}">` +
          `<span class="summary">${escape(a.summary || a.rule)}</span>` +
          (a.state === "acknowledged" ? " (acknowledged)" : `<button class="ack" type="button">Acknowledge</button>`) +
          `</li>`)
        .join("")
    : `<li class="none">none firing</li>`;
  document.getElementById("health").innerHTML = o.dataHealth.sources
    .map((s) => {
      const lag = s.watermarkLagSeconds === null ? "–" : format(s.watermarkLagSeconds) + " s";
      return `<li class="${s.silent ? "silent" : "ok"}" data-source="${escape(s.source)}">` +
        `${escape(s.source)} · lag ${lag}${s.silent ? " · silent" : ""}</li>`;
    })
    .join("");
  document.getElementById("updated").textContent = "as of " + new Date(o.at).toLocaleTimeString();
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
    const problem = document.createElement("span");
    problem.className = "problem";
    problem.textContent = response.status === 401 || response.status === 403 ? "the admin token is needed" : "not acknowledged (" + response.status + ")";
    item.appendChild(problem);
  }
}

document.getElementById("alerts").addEventListener("click", (e) => {
  if (e.target.classList.contains("ack")) acknowledge(e.target.closest("li"));
});

async function loadOverview() {
  const response = await fetch("/api/v1/overview", { headers: { Accept: "application/json", ...authorization() } });
  if (response.ok) renderOverview(await response.json());
  return response.ok;
}

function onPoint(point) {
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
  stream.addEventListener("alert", () => loadOverview());
  stream.addEventListener("reset", () => loadOverview());
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
