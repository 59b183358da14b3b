// sekom-kg: the map. Natural Earth outlines (world-atlas, decoded by topojson-client) drawn
// with d3-geo in the same equirectangular frame as the points, countries shaded by their
// number of activities; zoom and pan with d3-zoom (wheel, drag, pinch, or the buttons).
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("map-countries").textContent);
  var byId = new Map(data.countries.map(function (c) { return [c.atlas_id, c]; }));
  var max = d3.max(data.countries, function (c) { return c.activities; }) || 1;
  var color = d3.scaleSequentialSqrt([0, max], d3.interpolateGreens);
  function lang() { return document.documentElement.getAttribute("data-ui") === "sv" ? "sv" : "en"; }
  function words(c) {
    return c.label[lang()] + ": " + c.activities + (lang() === "sv" ? " aktiviteter" : (c.activities === 1 ? " activity" : " activities"));
  }
  function draw(figure, features) {
    var frame = figure.getAttribute("data-frame").split(" ").map(Number);
    var west = frame[0], east = frame[1], north = frame[3];
    var perDegree = 1000 / (east - west);
    var svg = d3.select(figure).select("svg");
    var height = svg.node().viewBox.baseVal.height;
    var projection = d3.geoEquirectangular()
      .scale(perDegree * 180 / Math.PI)
      .translate([-west * perDegree, north * perDegree])
      .clipExtent([[0, 0], [1000, height]]);
    var path = d3.geoPath(projection);
    var group = svg.select("g.countries");
    features.forEach(function (f) {
      var known = byId.get(String(f.id));
      var d = path(f);
      if (!d) { return; }
      var parent = group;
      if (known) {
        parent = group.append("a").attr("href", known.href).attr("class", "country")
          .attr("aria-label", words(known));
        parent.append("title").text(words(known));
      }
      parent.append("path").attr("d", d).attr("class", known ? "land counted" : "land")
        .style("fill", known ? color(known.activities) : null);
    });
    var zoomed = svg.select("g.zoomed");
    var zoom = d3.zoom().scaleExtent([1, 24]).translateExtent([[0, 0], [1000, height]])
      .on("zoom", function (event) {
        zoomed.attr("transform", event.transform);
        zoomed.style("--k", event.transform.k);
      });
    svg.call(zoom);
    figure.querySelectorAll("[data-zoom]").forEach(function (button) {
      button.addEventListener("click", function () {
        var how = button.getAttribute("data-zoom");
        if (how === "reset") { svg.transition().call(zoom.transform, d3.zoomIdentity); }
        else { svg.transition().call(zoom.scaleBy, how === "in" ? 2 : 0.5); }
      });
    });
  }
  fetch(data.atlas).then(function (r) { return r.json(); }).then(function (world) {
    var features = topojson.feature(world, world.objects.countries).features;
    document.querySelectorAll("figure.map").forEach(function (figure) { draw(figure, features); });
    var ramp = document.querySelector("#legend .ramp");
    [1, Math.ceil(max / 2), max].forEach(function (n) {
      var swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = color(n);
      ramp.append(swatch, " " + n + " ");
    });
    document.documentElement.setAttribute("data-map", "drawn");
  });
})();
