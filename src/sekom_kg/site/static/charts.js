// sekom-kg: charts of the activities (Observable Plot): per year by type and by direction,
// and the collaborations as lanes over the years; redrawn in the chosen language.
(function () {
  "use strict";
  var rows = JSON.parse(document.getElementById("chart-data").textContent);
  var years = d3.range(2002, 2022);
  function lang() { return document.documentElement.getAttribute("data-ui") === "sv" ? "sv" : "en"; }
  function width(el) { return Math.max(320, Math.min(1000, el.clientWidth || 800)); }
  function bars(id, key, title) {
    var el = document.getElementById(id);
    var field = key + "_" + lang();
    el.replaceChildren(Plot.plot({
      width: width(el), height: 320, marginLeft: 40,
      ariaLabel: title,
      x: { domain: years, label: null, tickFormat: function (y) { return y % 2 ? "" : String(y); } },
      y: { label: lang() === "sv" ? "aktiviteter" : "activities", grid: true },
      color: { legend: true, scheme: "tableau10" },
      marks: [
        Plot.barY(rows, Plot.groupX({ y: "count" }, { x: "year", fill: field, title: field })),
        Plot.ruleY([0])
      ]
    }));
  }
  function lanes() {
    var el = document.getElementById("chart-lanes");
    var flat = [];
    rows.forEach(function (r) {
      r.collaborations.forEach(function (c) { flat.push({ year: r.year, lane: c[lang()], href: c.href }); });
    });
    el.replaceChildren(Plot.plot({
      width: width(el), height: 40 + 28 * new Set(flat.map(function (f) { return f.lane; })).size,
      marginLeft: Math.min(330, width(el) / 2.2),
      ariaLabel: lang() === "sv" ? "Samarbeten över åren" : "Collaborations over the years",
      x: { domain: [2001.5, 2021.5], label: null, tickFormat: "d", ticks: 10 },
      y: { label: null },
      r: { range: [3, 9] },
      marks: [
        Plot.ruleY(flat, { y: "lane", stroke: "#d9dee3" }),
        Plot.dot(flat, Plot.group({ r: "count", title: function (d) { return d.length + " × " + d[0].lane + " " + d[0].year; }, href: "first" },
          { x: "year", y: "lane", href: "href", fill: "#0b6b50" }))
      ]
    }));
  }
  function table() {
    var counts = d3.rollup(rows, function (v) { return v.length; }, function (r) { return r.year; });
    var body = document.querySelector("#per-year tbody");
    body.replaceChildren.apply(body, years.map(function (y) {
      var tr = document.createElement("tr");
      var a = document.createElement("td"), b = document.createElement("td");
      a.textContent = y; b.textContent = counts.get(y) || 0; b.className = "num";
      tr.append(a, b);
      return tr;
    }));
  }
  function tidy(id) {  // Plot labels its mark groups; without a role that is not allowed ARIA
    document.querySelectorAll("#" + id + " g[aria-label]").forEach(function (g) { g.removeAttribute("aria-label"); });
  }
  function draw() {
    bars("chart-type", "type", lang() === "sv" ? "Aktiviteter per år efter typ" : "Activities per year by type");
    bars("chart-direction", "direction", lang() === "sv" ? "Aktiviteter per år efter riktning" : "Activities per year by direction");
    lanes();
    ["chart-type", "chart-direction", "chart-lanes"].forEach(tidy);
    table();
    document.documentElement.setAttribute("data-charts", lang());
  }
  document.addEventListener("sekom:lang", draw);
  draw();
})();
