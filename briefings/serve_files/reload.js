/* briefings serve: reload the page when a new build is ready, and show the content's errors
   over the last good page while it has any. Only ever sent by `briefings serve`. */
(function () {
  "use strict";
  var seen = null;
  var overlay = null;

  function show(errors) {
    if (!errors.length) {
      if (overlay) { overlay.remove(); overlay = null; }
      return;
    }
    if (!overlay) {
      var css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = "/__briefings__/overlay.css";
      document.head.appendChild(css);
      overlay = document.createElement("section");
      overlay.id = "briefings-errors";
      overlay.setAttribute("role", "alert");
      overlay.setAttribute("aria-labelledby", "briefings-errors-title");
      document.body.insertBefore(overlay, document.body.firstChild);
    }
    overlay.textContent = "";
    var title = document.createElement("h2");
    title.id = "briefings-errors-title";
    title.textContent = "The content has errors: this is the last good build";
    overlay.appendChild(title);
    var list = document.createElement("ul");
    errors.forEach(function (line) {
      var item = document.createElement("li");
      item.textContent = line;
      list.appendChild(item);
    });
    overlay.appendChild(list);
  }

  function poll() {
    fetch("/__briefings__/status", { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (status) {
        if (seen === null) { seen = status.version; }
        else if (status.version !== seen) { location.reload(); return; }
        show(status.errors);
      })
      .catch(function () { /* the server is rebuilding or has stopped */ })
      .then(function () { setTimeout(poll, 500); });
  }
  poll();
}());
