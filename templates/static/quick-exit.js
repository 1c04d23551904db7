// The "Exit this page" button: leave at once for a neutral site, leaving this page out of
// the tab's history where the browser allows (location.replace). Pressing Shift three times
// in a row, within two seconds, does the same. No cookies, no storage.
(function () {
  "use strict";
  var bar = document.querySelector(".quick-exit");
  if (!bar) return;
  var link = bar.querySelector("a");
  var status = bar.querySelector(".quick-exit-status");
  function leave(event) {
    if (event) event.preventDefault();
    document.documentElement.classList.add("quick-exit-leaving");   // hide the page at once
    window.location.replace(link.href);
  }
  link.addEventListener("click", leave);
  if (bar.getAttribute("data-shift") !== "true") return;
  var presses = 0, timer = null;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift" || event.repeat) {
      if (event.key !== "Shift") presses = 0;
      return;
    }
    presses += 1;
    clearTimeout(timer);
    timer = setTimeout(function () { presses = 0; status.textContent = ""; }, 2000);
    if (presses >= 3) return leave();
    status.textContent = "Shift, press " + (3 - presses) + " more time" +
      (presses === 2 ? "" : "s") + " to exit.";
  });
})();
