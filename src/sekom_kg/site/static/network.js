// sekom-kg: the network of organisations, people and collaborations (Cytoscape.js), links
// filtered by period; the same links as a table of page links (keyboard and screen readers).
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("network-data").textContent);
  var byId = new Map(data.nodes.map(function (n) { return [n.id, n]; }));
  var from = document.getElementById("from"), to = document.getElementById("to");
  var colours = { organisation: "#0a58a8", person: "#b5451b", collaboration: "#0b6b50" };
  function lang() { return document.documentElement.getAttribute("data-ui") === "sv" ? "sv" : "en"; }
  var cy = cytoscape({
    container: document.getElementById("network"),
    elements: data.nodes.map(function (n) {
      return { data: { id: n.id, label: n.en, kind: n.kind, href: n.href } };
    }).concat(data.edges.map(function (e, i) {
      return { data: { id: "e" + i, source: e.source, target: e.target, kind: e.kind } };
    })),
    style: [
      { selector: "node", style: { label: "data(label)", "font-size": 9, "text-wrap": "wrap", "text-max-width": 90,
        "background-color": function (n) { return colours[n.data("kind")]; }, width: 14, height: 14, color: "#1d232a" } },
      { selector: "node[kind = 'collaboration']", style: { shape: "round-rectangle", width: 18, height: 12 } },
      { selector: "edge", style: { width: 1, "line-color": "#9fb3c4", "curve-style": "haystack" } },
      { selector: "edge[kind = 'post']", style: { "line-style": "dashed" } },
      { selector: ".hidden", style: { display: "none" } }
    ],
    layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: 9000, idealEdgeLength: 70 }
  });
  cy.on("tap", "node", function (event) { window.location.href = event.target.data("href"); });
  function inPeriod(edge) {
    var a = Number(from.value), b = Number(to.value);
    return !edge.years.length || edge.years.some(function (y) { return Number(y) >= a && Number(y) <= b; });
  }
  function link(node) {
    var a = document.createElement("a");
    a.href = node.href;
    a.textContent = node[lang()];
    return a;
  }
  function apply() {
    var shown = new Set(), rows = [];
    cy.batch(function () {
      data.edges.forEach(function (e, i) {
        var ok = inPeriod(e);
        cy.getElementById("e" + i).toggleClass("hidden", !ok);
        if (ok) { shown.add(e.source); shown.add(e.target); rows.push(e); }
      });
      cy.nodes().forEach(function (n) {
        n.toggleClass("hidden", !shown.has(n.id()));
        n.data("label", byId.get(n.id())[lang()]);
      });
    });
    var body = document.querySelector("#links tbody");
    body.replaceChildren.apply(body, rows.map(function (e) {
      var tr = document.createElement("tr");
      [link(byId.get(e.source)), link(byId.get(e.target)), document.createTextNode(e.years.join(", "))]
        .forEach(function (content) { var td = document.createElement("td"); td.append(content); tr.append(td); });
      return tr;
    }));
    var status = document.getElementById("net-status");
    status.textContent = lang() === "sv" ? shown.size + " noder, " + rows.length + " länkar"
      : shown.size + " nodes, " + rows.length + " links";
    document.documentElement.setAttribute("data-network", from.value + "-" + to.value);
  }
  from.addEventListener("change", apply);
  to.addEventListener("change", apply);
  document.addEventListener("sekom:lang", apply);
  window.sekomNetwork = cy;
  apply();
})();
