/* Search page: runs Pagefind queries from the form, with filters, and lists the results.
   Everything else on the site works without JavaScript; this file is loaded only here.

   The address is the search: ?q=words&sector=health&type=learning-point. Filters are
   written as slugs of what they read on the page (lower case, hyphens), and a filter's
   value as it reads ("Learning point") is understood too. Every search rewrites the
   address (history.replaceState), so it can be shared. A value the site has no pages
   under is left out, and the status says so.

   The status line is a polite live region: it changes once per search, when the results
   are in, so a screen reader announces the number of results once.

   Result links carry the words searched for (?highlight=word), which static/highlight.js
   marks on the page they open. */
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form) return;
  var input = document.getElementById("search-q");
  var filtersBox = document.getElementById("search-filters");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var root = new URL(form.getAttribute("data-root") || "./", location.href);
  var FILTERS = [["type", "Type"], ["sector", "Sector"], ["theme", "Theme"], ["source", "Source"],
                 ["review", "Review"], ["review_type", "Review type"]];
  var PAGE = 10;
  var HIGHLIGHT = "highlight";   /* the parameter static/highlight.js reads */
  var PART = "part";     /* the hidden filter of a page's part (briefings/publish/search.py) */
  var pagefind = null;
  var parted = false;   /* whether the index is in parts */
  var current = null;   // the results of the latest search
  var shown = 0;
  var serial = 0;
  var missing = [];     // filters the address asked for that the site does not have

  document.getElementById("search-nojs").hidden = true;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* "Children's social care" -> "childrens-social-care": how a filter is written in the
     address. */
  function slug(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/['\u2019]/g, "").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  }

  function selected() {
    var out = {};
    FILTERS.forEach(function (f) {
      var values = Array.prototype.map.call(
        form.querySelectorAll('input[name="' + f[0] + '"]:checked'), function (i) { return i.value; });
      if (values.length) out[f[0]] = { any: values };
    });
    return out;
  }

  function buildFilters(available, wanted) {
    FILTERS.forEach(function (f) {
      var values = Object.keys(available[f[0]] || {}).sort(function (a, b) {
        return a.localeCompare(b);
      });
      var asked = wanted.getAll(f[0]).filter(function (v) { return slug(v); });
      var slugs = values.map(slug);
      asked.forEach(function (v) {
        if (slugs.indexOf(slug(v)) < 0) missing.push(f[1] + " “" + v + "”");
      });
      if (!values.length) return;
      var details = el("details", { "class": "filter" });
      var summary = el("summary", {}, f[1]);
      var fieldset = el("fieldset");
      fieldset.appendChild(el("legend", { "class": "visually-hidden" }, f[1]));
      values.forEach(function (value, i) {
        var id = "filter-" + f[0] + "-" + i;
        var box = el("input", { type: "checkbox", name: f[0], value: value, id: id });
        if (asked.some(function (v) { return slug(v) === slugs[i]; })) {
          box.checked = true;
          details.open = true;
        }
        var label = el("label", { "for": id });
        label.appendChild(box);
        var text = f[0] === "type" ? value.charAt(0).toUpperCase() + value.slice(1) : value;
        label.appendChild(document.createTextNode(" " + text + " "));
        label.appendChild(el("span", { "class": "count", "data-filter": f[0], "data-value": value }));
        fieldset.appendChild(label);
      });
      details.appendChild(summary);
      details.appendChild(fieldset);
      filtersBox.appendChild(details);
    });
    filtersBox.hidden = false;
  }

  function showCounts(counts) {
    form.querySelectorAll(".count").forEach(function (span) {
      var n = ((counts || {})[span.getAttribute("data-filter")] || {})[span.getAttribute("data-value")];
      span.textContent = n === undefined ? "" : "(" + n + ")";
    });
  }

  /* The address of the search on the page, e.g. ?q=neglect&sector=health */
  function remember() {
    var params = new URLSearchParams();
    if (input.value.trim()) params.append("q", input.value.trim());
    FILTERS.forEach(function (f) {
      form.querySelectorAll('input[name="' + f[0] + '"]:checked').forEach(function (box) {
        params.append(f[0], slug(box.value));
      });
    });
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
    missing = [];       /* the address now holds only what the page shows */
  }

  /* A result's excerpt: Pagefind's text with the words found in <mark>, built as text nodes
     and <mark> elements, never parsed as HTML. Pagefind escapes only < and > in the text
     and adds only <mark> and </mark>. */
  function excerptOf(html) {
    var p = el("p", { "class": "search-result-excerpt" });
    var marked = false;
    String(html || "").split(/(<\/?mark>)/).forEach(function (piece) {
      if (piece === "<mark>" || piece === "</mark>") { marked = piece === "<mark>"; return; }
      if (!piece) return;
      var text = piece.replace(/&lt;/g, "<").replace(/&gt;/g, ">");
      p.appendChild(marked ? el("mark", {}, text) : document.createTextNode(text));
    });
    return p;
  }

  /* A result's address, without the highlight parameter a search with no words gives it. */
  function address(url) {
    var u = new URL(url, location.href);
    var words = u.searchParams.getAll(HIGHLIGHT).filter(function (w) { return w.trim(); });
    u.searchParams.delete(HIGHLIGHT);
    words.forEach(function (w) { u.searchParams.append(HIGHLIGHT, w); });
    return u.pathname + u.search + u.hash;
  }

  function renderResult(data) {
    var li = el("li", { "class": "search-result" });
    var h = el("h2", { "class": "search-result-title" });
    h.appendChild(el("a", { href: address(data.url) }, (data.meta && data.meta.title) || data.url));
    li.appendChild(h);
    var f = data.filters || {};
    var about = (f.type || []).concat(f.sector || []).join(" · ");
    if (about) li.appendChild(el("p", { "class": "search-result-meta" }, about.charAt(0).toUpperCase() + about.slice(1)));
    li.appendChild(excerptOf(data.excerpt));
    var subs = (data.sub_results || []).filter(function (s) { return s.url !== data.url; }).slice(0, 3);
    if (subs.length && (f.type || [])[0] === "briefing") {
      var ul = el("ul", { "class": "sub-results" });
      subs.forEach(function (s) {
        var item = el("li");
        item.appendChild(el("a", { href: address(s.url) }, s.title));
        ul.appendChild(item);
      });
      li.appendChild(ul);
    }
    return li;
  }

  async function showMore(focusFirst) {
    var mine = serial;
    var batch = current.results.slice(shown, shown + PAGE);
    var data = await Promise.all(batch.map(function (r) { return r.data(); }));
    if (mine !== serial) return;  /* a newer search has replaced these results */
    var first = null;
    data.forEach(function (d) {
      var li = renderResult(d);
      list.appendChild(li);
      first = first || li.querySelector("a");
    });
    shown += batch.length;
    more.hidden = shown >= current.results.length;
    if (focusFirst && first) first.focus();
  }

  /* What the status says once a search is done: the one update of the live region. */
  function announce(text) {
    var note = "";
    if (missing.length) {
      note = " No page is filed under " + missing.join(" or ") + ", which the link asked for, so " +
        (missing.length === 1 ? "that filter is" : "those filters are") + " not used.";
    }
    status.textContent = text + note;
    list.removeAttribute("aria-busy");
  }

  /* A search of the index. Where the index is in parts, each part matches a word it does not
     have to the longest word it has that the word begins with ("appointment" to "a"), which
     one index of the whole site does only if no page has the word. So each word is first
     looked up as written ("appointment", in quotes), and the search is kept to the parts
     that have every word found so, through the hidden filter "part" each page is filed
     under. A word no part has as written (a word half typed) keeps every part. */
  async function find(query, filters) {
    if (!parted || !query) return pagefind.search(query || null, { filters: filters });
    var keep = null;
    for (var word of query.split(/\s+/)) {
      var probe = await pagefind.search("\"" + word.replace(/"/g, "") + "\"");
      var counts = (probe.filters || {})[PART] || {};
      var having = Object.keys(counts).filter(function (k) { return counts[k] > 0; });
      if (!having.length) continue;
      keep = keep ? keep.filter(function (k) { return having.indexOf(k) >= 0; }) : having;
    }
    if (keep && !keep.length) return { results: [], filters: {} };
    var within = Object.assign({}, filters);
    if (keep) within[PART] = { any: keep };
    return pagefind.search(query, { filters: within });
  }

  async function run() {
    var query = input.value.trim();
    var filters = selected();
    var mine = ++serial;
    list.textContent = "";
    more.hidden = true;
    if (!query && !Object.keys(filters).length) {
      announce("Type a word or two to search.");
      showCounts(null);
      return;
    }
    list.setAttribute("aria-busy", "true");
    var search = await find(query, filters);
    if (mine !== serial) return;  /* a newer search has started */
    current = search;
    shown = 0;
    showCounts(search.filters);
    var n = search.results.length;
    var what = query ? " for “" + query + "”" : "";
    var filtered = Object.keys(filters).length ? " with the filters you chose" : "";
    if (n) await showMore(false);
    if (mine !== serial) return;
    announce((n === 0 ? "No results" : n === 1 ? "1 result" : n + " results") + what + filtered + ".");
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!pagefind) return;
    remember();
    run();
  });
  form.addEventListener("change", function (event) {
    if (event.target.type !== "checkbox" || !pagefind) return;
    remember();
    run();
  });
  more.addEventListener("click", function () { showMore(true); });

  (async function start() {
    var wanted = new URLSearchParams(location.search);
    input.value = wanted.get("q") || "";
    try {
      var bundle = new URL("pagefind/", root);
      var parts = fetch(new URL("parts.json", bundle)).then(function (response) {
        if (!response.ok) throw new Error("pagefind/parts.json: HTTP " + response.status);
        return response.json();
      });
      pagefind = await import(new URL("pagefind.js", bundle).href);
      /* No web worker: on a site this size it only adds a second copy of the engine to fetch. */
      await pagefind.options({ baseUrl: root.pathname, noWorker: true, highlightParam: HIGHLIGHT });
      /* A large site's index is in parts (briefings/publish/search.py): each later part is
         merged into the first, so one search reads them all. */
      for (var name of await parts) {
        await pagefind.mergeIndex(new URL(name, bundle).pathname,
                                  { baseUrl: root.pathname, highlightParam: HIGHLIGHT });
        parted = true;
      }
      buildFilters(await pagefind.filters(), wanted);
    } catch (error) {
      pagefind = null;
      console.error("briefings: the search index did not load:", error);
      announce("Search could not be loaded. It works only when the site is served " +
        "by a web server, not opened from a folder on your computer.");
      return;
    }
    run();
  })();
})();
