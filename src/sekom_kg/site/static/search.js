// sekom-kg: search every resource in Swedish and English with MiniSearch over the site's
// generated index (search-index.json); the query is the page's ?q= parameter.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("search-config").textContent);
  var input = document.getElementById("search-q");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var fields = ["sv", "en", "other", "kind_sv", "kind_en", "about_sv", "about_en"];
  var engine = null;
  function lang() { return document.documentElement.getAttribute("data-ui") === "sv" ? "sv" : "en"; }
  function both(el, doc, key) {
    ["sv", "en"].forEach(function (l) {
      var span = document.createElement("span");
      span.className = "t"; span.lang = l; span.textContent = doc[key + l];
      el.appendChild(span);
    });
  }
  function show(query) {
    list.replaceChildren();
    if (!query) { status.textContent = ""; return; }
    var hits = engine.search(query, {
      prefix: true, fuzzy: 0.2, boost: { sv: 3, en: 3, other: 2 }, combineWith: "AND"
    });
    hits.forEach(function (hit) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = hit.href;
      both(a, hit, "");
      var kind = document.createElement("small");
      kind.className = "kind";
      both(kind, hit, "kind_");
      li.append(a, " ", kind);
      list.appendChild(li);
    });
    var n = hits.length;
    status.textContent = lang() === "sv" ? n + (n === 1 ? " träff" : " träffar") + " för ”" + query + "”"
      : n + (n === 1 ? " result" : " results") + " for “" + query + "”";
  }
  var query = new URLSearchParams(window.location.search).get("q") || "";
  input.value = query;
  fetch(config.index).then(function (r) { return r.json(); }).then(function (docs) {
    engine = new window.MiniSearch({
      fields: fields,
      storeFields: ["href", "sv", "en", "kind_sv", "kind_en"],
      processTerm: function (term) { return term.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, ""); }
    });
    engine.addAll(docs);
    show(query);
    input.addEventListener("input", function () {
      show(input.value.trim());
      history.replaceState(null, "", input.value ? "?q=" + encodeURIComponent(input.value) : window.location.pathname);
    });
    document.addEventListener("sekom:lang", function () { show(input.value.trim()); });
  });
})();
