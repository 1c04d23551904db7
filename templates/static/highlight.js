/* The page a search result opens: the words searched for are marked on it. base.html
   loads this file on every page with a search type (those search can open).
   A result's link carries them (?highlight=neglect&highlight=home, search.js); a page
   opened any other way carries none, and this file then does nothing and loads nothing.
   Pagefind's highlighter (pagefind/pagefind-highlight.js, shipped with the index) marks
   them in the page's searchable text as <mark class="pagefind-highlight">. It is told not
   to add a <style> element, which the Content-Security-Policy refuses: site.css styles
   the marks. */
(function () {
  "use strict";
  var PARAM = "highlight";
  var script = document.currentScript;
  var words = new URLSearchParams(location.search).getAll(PARAM).filter(function (w) {
    return w.trim();
  });
  if (!words.length || !script || !("noModule" in script)) return;
  import(new URL("../pagefind/pagefind-highlight.js", script.src).href).then(function (module) {
    new module.default({ highlightParam: PARAM, addStyles: false });
  }, function () { /* no search bundle (a site built without search, or opened from disk) */ });
})();
