// Renders /openapi.json as a browsable reference with a form to try each operation from here.
// Requests go to this origin only; the token typed above is sent as "Authorization: Bearer".
"use strict";

const tokenField = document.getElementById("token");
tokenField.value = sessionStorage.getItem("opsmon-token") || "";
tokenField.addEventListener("change", () => sessionStorage.setItem("opsmon-token", tokenField.value));

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "text") node.textContent = v; else node.setAttribute(k, v);
  }
  for (const c of children) if (c) node.append(c);
  return node;
}

function schemaText(schema, doc) {
  if (!schema) return "";
  if (schema.$ref) return schema.$ref.split("/").pop();
  if (schema.type === "array") return "array of " + schemaText(schema.items, doc);
  return schema.type + (schema.enum ? " (" + schema.enum.join(", ") + ")" : "");
}

function securityText(op, doc) {
  const schemes = (op.security || doc.security || []).flatMap((s) => Object.keys(s));
  return schemes.length ? "needs " + schemes.join(" or ") : "";
}

function parameterRows(op, doc) {
  const rows = (op.parameters || []).map((p) => el("tr", {},
    el("td", { text: p.name + (p.required ? " *" : "") }), el("td", { text: p.in }),
    el("td", { text: schemaText(p.schema, doc) }),
    el("td", {}, el("input", { class: "param", "data-name": p.name, "data-in": p.in,
      placeholder: p.schema && p.schema.default !== undefined ? String(p.schema.default) : "" })),
    el("td", { text: p.description || "" })));
  return rows.length ? el("table", {}, el("tr", {}, ...["name", "in", "type", "value", ""].map((h) => el("th", { text: h }))), ...rows) : null;
}

function bodyEditor(op) {
  if (!op.requestBody) return null;
  const [type, media] = Object.entries(op.requestBody.content)[0];
  const example = media.example !== undefined ? JSON.stringify(media.example, null, 2) : "";
  return el("div", {}, el("div", { text: "body (" + type + ")" }),
    el("textarea", { class: "body", "data-type": type }, document.createTextNode(example)));
}

function responseRows(op, doc) {
  return el("table", {}, ...Object.entries(op.responses).map(([code, r]) => {
    const resolved = r.$ref ? doc.components.responses[r.$ref.split("/").pop()] : r;
    return el("tr", {}, el("td", { text: code }), el("td", { text: resolved.description }));
  }));
}

async function send(method, path, form, out) {
  let url = path;
  const query = new URLSearchParams();
  const headers = {};
  for (const input of form.querySelectorAll("input.param")) {
    if (!input.value) continue;
    const name = input.dataset.name;
    if (input.dataset.in === "path") url = url.replace("{" + name + "}", encodeURIComponent(input.value));
    else if (input.dataset.in === "query") input.value.split(",").forEach((v) => query.append(name, v.trim()));
    else if (input.dataset.in === "header") headers[name] = input.value;
  }
  if (query.toString()) url += "?" + query;
  if (tokenField.value) headers.Authorization = "Bearer " + tokenField.value;
  const body = form.querySelector("textarea.body");
  if (body) headers["Content-Type"] = body.dataset.type;
  const abort = new AbortController();
  out.textContent = method + " " + url + " …";
  try {
    const response = await fetch(url, { method, headers, body: body ? body.value : undefined, signal: abort.signal });
    let text = "";
    if ((response.headers.get("Content-Type") || "").startsWith("text/event-stream")) {
      // a stream never ends: show what arrives in the first five seconds
      setTimeout(() => abort.abort(), 5000);
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          text += decoder.decode(value);
          out.textContent = response.status + "\n\n" + text;
        }
      } catch (stopped) { /* aborted after five seconds */ }
    } else {
      text = await response.text();
      try { text = JSON.stringify(JSON.parse(text), null, 2); } catch (notJson) { /* shown as is */ }
    }
    out.textContent = response.status + " " + response.statusText + "\n\n" + text;
  } catch (e) {
    out.textContent = "failed: " + e;
  }
}

function operation(method, path, op, doc) {
  const out = el("pre", { class: "result" });
  const form = el("form", {}, parameterRows(op, doc), bodyEditor(op), el("button", { type: "submit", text: "Send" }));
  form.addEventListener("submit", (e) => { e.preventDefault(); send(method.toUpperCase(), path, form, out); });
  const lock = securityText(op, doc);
  return el("details", { class: "op", "data-op": method.toUpperCase() + " " + path },
    el("summary", {}, el("span", { class: "method " + method.toUpperCase(), text: method.toUpperCase() }),
      document.createTextNode(path), el("span", { class: "summary", text: op.summary || "" }),
      lock ? el("span", { class: "lock", text: lock }) : null),
    el("div", {}, op.description ? el("p", { text: op.description }) : null, form,
      el("div", { text: "responses" }), responseRows(op, doc), out));
}

async function load() {
  const response = await fetch("/openapi.json");
  const doc = await response.json();
  document.getElementById("intro").textContent = doc.info.description;
  const main = document.getElementById("operations");
  for (const tag of doc.tags) {
    main.append(el("h2", { text: tag.name + " — " + tag.description }));
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if ((op.tags || [])[0] === tag.name) main.append(operation(method, path, op, doc));
      }
    }
  }
}

load();
