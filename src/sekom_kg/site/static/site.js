// sekom-kg: the sv/en language switch (no framework). Elements with class "t" and a lang
// attribute are shown only in the chosen language; the choice is kept in localStorage.
(function () {
  "use strict";
  var KEY = "sekom-kg-lang";
  var titleEn = document.title;
  var titleSv = document.querySelector('meta[name="title-sv"]');
  function setLang(lang) {
    var root = document.documentElement;
    root.setAttribute("data-ui", lang);
    root.setAttribute("lang", lang);
    document.title = lang === "sv" && titleSv ? titleSv.getAttribute("content") : titleEn;
    document.querySelectorAll("[data-set-lang]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-set-lang") === lang));
    });
    try { window.localStorage.setItem(KEY, lang); } catch (e) { /* storage disabled */ }
    document.dispatchEvent(new CustomEvent("sekom:lang", { detail: lang }));
  }
  var saved = null;
  try { saved = window.localStorage.getItem(KEY); } catch (e) { saved = null; }
  setLang(saved === "sv" ? "sv" : "en");
  document.querySelectorAll("[data-set-lang]").forEach(function (b) {
    b.addEventListener("click", function () { setLang(b.getAttribute("data-set-lang")); });
  });
})();
