// sekom-kg: SPARQL in the browser. The YASQE editor (from YASGUI), Oxigraph compiled to
// WebAssembly over the dataset's N-Triples, results as a table with labels, CSV and JSON
// downloads; optionally the configured public endpoint instead.
import init, { Store } from "./vendor/oxigraph/web.js";

const config = JSON.parse(document.getElementById("sparql-config").textContent);
const root = new URL("../", import.meta.url);
const status = document.getElementById("status");
const table = document.getElementById("results");
const XSD = "http://www.w3.org/2001/XMLSchema#";
const PLAIN = new Set([XSD + "string", XSD + "integer", XSD + "decimal", XSD + "double", XSD + "boolean"]);
let labels = new Map();
let store = null;

function lang() { return document.documentElement.getAttribute("data-ui") === "sv" ? "sv" : "en"; }
function say(sv, en) { status.textContent = lang() === "sv" ? sv : en; }

// ---------------------------------------------------------------- catalogue and parameters
const select = document.getElementById("q-name");
const params = document.getElementById("q-params");

function fillCatalogue() {
  select.replaceChildren(...config.queries.map((q) => {
    const option = document.createElement("option");
    option.value = q.name;
    option.textContent = q.name.slice(0, 2) + " · " + q.title[lang()];
    return option;
  }));
}

function showParams() {
  const q = config.queries.find((x) => x.name === select.value);
  document.getElementById("q-about").textContent = q ? q.about[lang()] : "";
  params.replaceChildren(...(q ? q.params : []).map((p) => {
    const label = document.createElement("label");
    const input = document.createElement("input");
    input.name = p.name;
    input.value = p.default;
    input.dataset.type = p.type;
    input.id = "param-" + p.name;
    label.append("?" + p.name + " (" + p.type + ")", input);
    label.title = p.doc;
    return label;
  }));
}

function term(type, value) {
  const text = value.trim();
  if (type === "iri") {
    if (!/^https?:\/\/[^\s<>"{}|^`\\]+$/.test(text)) { throw new Error("not an http(s) IRI: " + text); }
    return "<" + text + ">";
  }
  if (type === "year" || type === "integer") {
    if (!/^[+-]?[0-9]{1,18}$/.test(text)) { throw new Error("not an integer: " + text); }
    return '"' + text + '"^^<' + XSD + "integer>";
  }
  if (type === "country-code") {
    const iri = config.countries[text.toUpperCase()];
    if (!iri) { throw new Error("unknown country code " + text + " (known: " + Object.keys(config.countries).join(", ") + ")"); }
    return "<" + iri + ">";
  }
  return JSON.stringify(text);  // a JSON string is a valid SPARQL string literal
}

function boundText(q) {
  if (!q.params.length) { return q.text; }
  const blocks = q.params.map((p) => {
    const input = params.querySelector('input[name="' + p.name + '"]');
    return "\n  VALUES ?" + p.name + " { " + term(p.type, input.value) + " }";
  }).sort();
  return q.head + blocks.join("") + q.tail;
}

// ---------------------------------------------------------------- running
async function ensureStore() {
  if (store) { return store; }
  const [, data, index] = await Promise.all([
    init(),
    fetch(new URL(config.data, root)).then((r) => r.text()),
    fetch(new URL(config.index, root)).then((r) => r.json()),
  ]);
  labels = new Map(index.map((d) => [d.iri, d]));
  const fresh = new Store();
  fresh.load(data, { format: "application/n-triples" });
  store = fresh;
  return store;
}

function quadsToJson(quads) {
  const t = (x) => x.termType === "NamedNode" ? { type: "uri", value: x.value }
    : x.termType === "BlankNode" ? { type: "bnode", value: x.value }
    : Object.assign({ type: "literal", value: x.value },
      x.language ? { "xml:lang": x.language } : { datatype: x.datatype.value });
  return {
    head: { vars: ["subject", "predicate", "object"] },
    results: { bindings: quads.map((q) => ({ subject: t(q.subject), predicate: t(q.predicate), object: t(q.object) })) },
  };
}

async function runHere(text) {
  const s = await ensureStore();
  try {
    return JSON.parse(s.query(text, { results_format: "application/sparql-results+json" }));
  } catch (error) {
    if (!String(error.message || error).includes("Not supported RDF format")) { throw error; }
    return quadsToJson(s.query(text));
  }
}

async function runThere(text) {
  if (!labels.size) { await ensureStore(); }
  const response = await fetch(config.endpoint, {
    method: "POST",
    headers: { Accept: "application/sparql-results+json", "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ query: text }),
  });
  if (!response.ok) { throw new Error(response.status + " " + response.statusText); }
  return response.json();
}

// ---------------------------------------------------------------- showing and downloads
function cell(value) {
  const td = document.createElement("td");
  if (!value) { return td; }
  if (value.type === "uri") {
    const known = labels.get(value.value);
    const a = document.createElement("a");
    a.href = known ? new URL(known.href, root).href : value.value;
    if (known) {
      for (const l of ["sv", "en"]) {
        const span = document.createElement("span");
        span.className = "t"; span.lang = l; span.textContent = known[l];
        a.append(span);
      }
      const small = document.createElement("small");
      small.className = "iri-small"; small.textContent = value.value;
      td.append(a, document.createElement("br"), small);
    } else {
      a.textContent = value.value; a.rel = "external";
      td.append(a);
    }
    return td;
  }
  const span = document.createElement("span");
  span.textContent = value.value;
  if (value["xml:lang"]) { span.lang = value["xml:lang"]; }
  td.append(span);
  if (value.datatype && !PLAIN.has(value.datatype)) {
    const small = document.createElement("small");
    small.className = "dt"; small.textContent = " " + value.datatype.replace(XSD, "xsd:");
    td.append(small);
  }
  if (PLAIN.has(value.datatype) && value.datatype !== XSD + "string") { td.className = "num"; }
  return td;
}

function csv(json) {
  const quote = (v) => /[",\r\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v;
  if (json.boolean !== undefined) { return "boolean\r\n" + json.boolean + "\r\n"; }
  const vars = json.head.vars;
  const rows = json.results.bindings.map((b) => vars.map((v) => quote(b[v] ? b[v].value : "")).join(","));
  return [vars.join(",")].concat(rows).join("\r\n") + "\r\n";
}

function offer(id, type, text) {
  const link = document.getElementById(id);
  link.href = "data:" + type + ";charset=utf-8," + encodeURIComponent(text);
  link.hidden = false;
}

function show(json, started) {
  const head = table.tHead, body = table.tBodies[0];
  const vars = json.boolean !== undefined ? ["boolean"] : json.head.vars;
  const rows = json.boolean !== undefined ? [{ boolean: { type: "literal", value: String(json.boolean) } }] : json.results.bindings;
  const tr = document.createElement("tr");
  tr.append(...vars.map((v) => { const th = document.createElement("th"); th.scope = "col"; th.textContent = "?" + v; return th; }));
  head.replaceChildren(tr);
  body.replaceChildren(...rows.map((b) => { const row = document.createElement("tr"); row.append(...vars.map((v) => cell(b[v]))); return row; }));
  table.hidden = false;
  offer("dl-csv", "text/csv", csv(json));
  offer("dl-json", "application/sparql-results+json", JSON.stringify(json, null, 2) + "\n");
  const ms = Math.round(performance.now() - started);
  say(rows.length + (rows.length === 1 ? " rad" : " rader") + " (" + ms + " ms)", rows.length + (rows.length === 1 ? " row" : " rows") + " (" + ms + " ms)");
}

async function run(yasqe) {
  const started = performance.now();
  const remote = document.querySelector('input[name="where"][value="endpoint"]');
  say("Kör …", "Running …");
  try {
    const text = yasqe.getValue();
    show(remote && remote.checked ? await runThere(text) : await runHere(text), started);
  } catch (error) {
    table.hidden = true;
    status.textContent = (lang() === "sv" ? "Fel: " : "Error: ") + (error.message || error);
  }
}

// ---------------------------------------------------------------- wiring
const yasqe = new window.Yasqe(document.getElementById("editor"), {
  value: config.queries.length ? config.queries[0].text : "SELECT * WHERE { ?s ?p ?o } LIMIT 10",
  persistenceId: null,
  consumeShareLink: null,
  createShareableLink: null,
  showQueryButton: false,
  autocompleters: ["variables"],
  resizeable: false,
  editorHeight: "22rem",
});
const runKey = () => { run(yasqe); };
yasqe.query = () => { run(yasqe); return Promise.resolve(); };  // never the editor's own HTTP request
yasqe.setOption("extraKeys", Object.assign({}, yasqe.getOption("extraKeys"),
  { "Ctrl-Enter": runKey, "Cmd-Enter": runKey, Tab: false, "Shift-Tab": false }));
yasqe.getInputField().setAttribute("aria-label", "SPARQL");
yasqe.getScrollerElement().setAttribute("tabindex", "0");  // its scrolled text, by keyboard too
yasqe.getScrollerElement().setAttribute("aria-label", "SPARQL");
document.getElementById("run").addEventListener("click", () => run(yasqe));
document.getElementById("catalogue").addEventListener("submit", (event) => {
  event.preventDefault();
  const q = config.queries.find((x) => x.name === select.value);
  try { yasqe.setValue(boundText(q)); run(yasqe); } catch (error) { status.textContent = error.message; }
});
select.addEventListener("change", showParams);
document.addEventListener("sekom:lang", () => { const v = select.value; fillCatalogue(); select.value = v; showParams(); });
fillCatalogue();
const wanted = new URLSearchParams(window.location.hash.slice(1)).get("query");
if (wanted && config.queries.some((q) => q.name === wanted)) { select.value = wanted; }
showParams();
if (wanted) { yasqe.setValue(boundText(config.queries.find((q) => q.name === select.value))); }
window.sekomSparql = { yasqe, run: () => run(yasqe) };
ensureStore().then(() => say("Datamängden är laddad: kör en fråga.", "The dataset is loaded: run a query."),
  (error) => { status.textContent = "Error: " + (error.message || error); });
