// sekom-kg: filter the timeline by country, activity type and collaboration.
// Each <li class="event"> carries data-country / data-type / data-collaboration (space
// separated keys); the filter state is shown on the page and kept in the URL hash.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var names = ["country", "type", "collaboration"];
  var words = {
    en: { country: "country", type: "type", collaboration: "collaboration", none: "no filter",
          shown: function (n) { return n + (n === 1 ? " activity shown" : " activities shown"); } },
    sv: { country: "land", type: "typ", collaboration: "samarbete", none: "inget filter",
          shown: function (n) { return n + (n === 1 ? " aktivitet visas" : " aktiviteter visas"); } }
  };
  function lang() { return document.documentElement.getAttribute("data-ui") === "sv" ? "sv" : "en"; }
  function selected() {
    var state = {};
    names.forEach(function (n) { state[n] = form.elements[n].value; });
    return state;
  }
  function matches(li, state) {
    return names.every(function (n) {
      if (!state[n]) { return true; }
      return (li.getAttribute("data-" + n) || "").split(" ").indexOf(state[n]) >= 0;
    });
  }
  function describe(state) {
    var w = words[lang()];
    var parts = names.filter(function (n) { return state[n]; }).map(function (n) {
      var option = form.elements[n].selectedOptions[0];
      return w[n] + " = " + option.getAttribute("data-" + lang());
    });
    return parts.length ? parts.join(" · ") : w.none;
  }
  function translateOptions() {
    form.querySelectorAll("option[data-en]").forEach(function (option) {
      option.textContent = option.getAttribute("data-" + lang());
    });
  }
  function apply() {
    translateOptions();
    var state = selected();
    var total = 0;
    document.querySelectorAll("section.year").forEach(function (section) {
      var shown = 0;
      section.querySelectorAll("li.event").forEach(function (li) {
        var ok = matches(li, state);
        li.hidden = !ok;
        if (ok) { shown += 1; }
      });
      total += shown;
      section.querySelector(".none").hidden = shown > 0;
      section.querySelector(".n").textContent = "(" + shown + ")";
    });
    document.getElementById("count").textContent = words[lang()].shown(total);
    document.getElementById("state").textContent = "— " + describe(state);
    var hash = names.filter(function (n) { return state[n]; })
      .map(function (n) { return n + "=" + encodeURIComponent(state[n]); }).join("&");
    history.replaceState(null, "", hash ? "#" + hash : window.location.pathname);
  }
  function restore() {
    window.location.hash.replace(/^#/, "").split("&").forEach(function (pair) {
      var kv = pair.split("=");
      if (names.indexOf(kv[0]) < 0) { return; }
      try {
        form.elements[kv[0]].value = decodeURIComponent(kv[1] || "");
      } catch (e) {  // a malformed %-escape in a hand-made link: ignore that filter
        form.elements[kv[0]].value = "";
      }
    });
  }
  form.addEventListener("change", apply);
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  document.addEventListener("sekom:lang", apply);
  restore();
  apply();
})();
