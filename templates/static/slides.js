/* The slide deck of a training session (session_slides.html): one slide at a time.

   Without this script the deck is a plain page of slides, each with its presenter notes
   folded away. With it: one slide is shown; the arrow keys, Page Up and Page Down, Home and
   End, and the buttons move between slides; the status line announces "Slide 3 of 12" and
   the slide's heading to screen readers; N (or the button) turns presenter mode on and off,
   which shows the current slide's notes. The slide's number is kept in the address
   (#slide-3), so a reload or a shared link opens the same slide. */
(function () {
  "use strict";
  var deck = document.querySelector("[data-deck]");
  if (!deck) { return; }
  var slides = Array.prototype.slice.call(deck.querySelectorAll(".slide"));
  var controls = deck.querySelector(".deck-controls");
  var status = deck.querySelector(".deck-status");
  var notesButton = deck.querySelector("[data-deck-go='notes']");
  var prevButton = deck.querySelector("[data-deck-go='previous']");
  var nextButton = deck.querySelector("[data-deck-go='next']");
  if (!slides.length || !controls || !status) { return; }
  var current = 0;
  var presenter = false;

  // The slide the address points at: #slide-3, or the slide holding the element it names
  // (a citation's link to the sources, #ref-...); else the first.
  function fromAddress() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    var slide = target && target.closest ? target.closest(".slide") : null;
    var n = slide ? slides.indexOf(slide) : -1;
    return n >= 0 ? n : 0;
  }

  function heading(slide) {
    var h = slide.querySelector("h1, h2");
    return h ? h.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function where() {
    return "Slide " + (current + 1) + " of " + slides.length + ": " + heading(slides[current]);
  }

  function show(n, announce) {
    current = Math.max(0, Math.min(slides.length - 1, n));
    slides.forEach(function (slide, i) {
      slide.hidden = i !== current;
      if (i === current) { slide.setAttribute("aria-current", "step"); }
      else { slide.removeAttribute("aria-current"); }
      var notes = slide.querySelector(".slide-notes");
      if (notes) { notes.open = presenter; }
    });
    // aria-disabled, not disabled: a button that has the focus keeps it at either end.
    prevButton.setAttribute("aria-disabled", current === 0 ? "true" : "false");
    nextButton.setAttribute("aria-disabled", current === slides.length - 1 ? "true" : "false");
    if (announce === false) { return; }
    status.textContent = where();
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", "#" + slides[current].id);
    }
  }

  function togglePresenter() {
    presenter = !presenter;
    document.documentElement.classList.toggle("deck-presenter", presenter);
    notesButton.setAttribute("aria-pressed", presenter ? "true" : "false");
    show(current, false);
    status.textContent = presenter ? "Presenter notes shown" : "Presenter notes hidden";
  }

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" ||
      (target && target.isContentEditable);
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) { return; }
    var key = event.key;
    if (key === "ArrowRight" || key === "ArrowDown" || key === "PageDown") {
      show(current + 1);
    } else if (key === "ArrowLeft" || key === "ArrowUp" || key === "PageUp") {
      show(current - 1);
    } else if (key === "Home") {
      show(0);
    } else if (key === "End") {
      show(slides.length - 1);
    } else if (key === "n" || key === "N") {
      togglePresenter();
    } else {
      return;
    }
    event.preventDefault();
  });
  prevButton.addEventListener("click", function () { show(current - 1); });
  nextButton.addEventListener("click", function () { show(current + 1); });
  notesButton.addEventListener("click", togglePresenter);
  window.addEventListener("hashchange", function () {
    show(fromAddress(), false);
    status.textContent = where();
  });

  document.documentElement.classList.add("deck-on");
  controls.hidden = false;
  show(fromAddress(), false);
  status.textContent = where();   // shown, and said once the deck is ready
}());
