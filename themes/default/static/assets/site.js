/* tscip: small enhancements on top of pages that work without JavaScript.
 * Sortable tables, filters for the arrangements table and the opportunities
 * list, and search over the index in search/ (see generator/render/search.go,
 * whose SearchQuery is this search written in Go). No framework. */
(function () {
  "use strict";

  function make(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    }
    if (text != null) { e.textContent = text; }
    return e;
  }

  // A polite live region that says what a control did.
  function statusLine(parent, cls) {
    var p = make("p", { role: "status", "aria-live": "polite", "class": cls || "filter-status" });
    parent.appendChild(p);
    return p;
  }

  var collator = new Intl.Collator("en-GB", { numeric: true, sensitivity: "base" });

  /* Sortable tables: table[data-sortable]; each column heading becomes a
   * button; cells sort by data-value when present, else by their text;
   * th[data-type=number] sorts numerically. */
  function makeSortable(table) {
    if (!table.tHead || !table.tBodies.length) { return; }
    var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var body = table.tBodies[0];
    var announce = statusLine(table.parentNode, "visually-hidden");
    heads.forEach(function (th, col) {
      var b = make("button", { type: "button", "class": "sort" });
      while (th.firstChild) { b.appendChild(th.firstChild); }
      th.appendChild(b);
      b.addEventListener("click", function () {
        var dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", dir);
        var numeric = th.getAttribute("data-type") === "number";
        var rows = Array.prototype.slice.call(body.rows).map(function (r, i) {
          var c = r.cells[col];
          var v = c ? (c.hasAttribute("data-value") ? c.getAttribute("data-value") : c.textContent.trim()) : "";
          return { row: r, i: i, v: numeric ? parseFloat(v) || 0 : v };
        });
        rows.sort(function (a, b) {
          var d = numeric ? a.v - b.v : collator.compare(a.v, b.v);
          if (dir === "descending") { d = -d; }
          return d || a.i - b.i;
        });
        var frag = document.createDocumentFragment();
        rows.forEach(function (r) { frag.appendChild(r.row); });
        body.appendChild(frag);
        announce.textContent = "Sorted by " + b.textContent.trim() + ", " + dir + ".";
      });
    });
  }

  /* A select box for one attribute; "" means any. */
  function selectBox(box, id, label, anyLabel, options, onChange) {
    var wrap = make("div", { "class": "filter" });
    var sel = make("select", { id: id });
    sel.appendChild(make("option", { value: "" }, anyLabel));
    options.forEach(function (o) { sel.appendChild(make("option", { value: o[0] }, o[1])); });
    sel.addEventListener("change", onChange);
    wrap.appendChild(make("label", { "for": id }, label));
    wrap.appendChild(sel);
    box.appendChild(wrap);
    return sel;
  }

  /* The arrangements table's filters: by partner, service and type, built
   * into #arrangement-filters from the rows' data attributes, labelled with
   * the text of the matching column. */
  function arrangementFilters() {
    var box = document.getElementById("arrangement-filters");
    if (!box) { return; }
    var table = document.getElementById("arrangement-table");
    if (!table || !table.tBodies.length) { return; }
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var heads = Array.prototype.slice.call(table.tHead.rows[0].cells).map(function (th) { return th.textContent.trim(); });
    var fields = [["partner", "Partner", "All partners"], ["service", "Service", "All services"], ["type", "Type", "All types"]];
    var selects = [];
    var status;
    function apply() {
      var shown = 0;
      rows.forEach(function (r) {
        var ok = selects.every(function (s) { return !s.sel.value || r.getAttribute("data-" + s.key) === s.sel.value; });
        r.hidden = !ok;
        if (ok) { shown++; }
      });
      status.textContent = "Showing " + shown + " of " + rows.length + " arrangements.";
    }
    fields.forEach(function (f) {
      var col = heads.indexOf(f[1]);
      var seen = Object.create(null);
      var opts = [];
      rows.forEach(function (r) {
        var v = r.getAttribute("data-" + f[0]);
        if (!v || seen[v]) { return; }
        seen[v] = true;
        var cell = col >= 0 ? r.cells[col] : null;
        opts.push([v, cell ? cell.textContent.trim() : v]);
      });
      opts.sort(function (a, b) { return collator.compare(a[1], b[1]); });
      if (opts.length > 1) {
        selects.push({ key: f[0], sel: selectBox(box, "filter-" + f[0], f[1], f[2], opts, apply) });
      }
    });
    if (!selects.length) { return; }
    status = statusLine(box);
    box.hidden = false;
  }

  /* The opportunities list's filters: by service and status, from the
   * div's data-services ("id=Name;...") and data-statuses ("open;..."). */
  var statusNames = { open: "Open", pipeline: "Pipeline", closed: "Closed", awarded: "Awarded", cancelled: "Cancelled" };
  function opportunityFilters() {
    var box = document.getElementById("opportunity-filters");
    if (!box) { return; }
    var cards = Array.prototype.slice.call(document.querySelectorAll("[data-filterable] > [data-service]"));
    if (!cards.length) { return; }
    function list(attr, name) {
      return (box.getAttribute(attr) || "").split(";").filter(Boolean).map(function (item) {
        var i = item.indexOf("=");
        return i >= 0 ? [item.slice(0, i), item.slice(i + 1)] : [item, name(item)];
      });
    }
    var status;
    var service, state;
    function apply() {
      var shown = 0;
      cards.forEach(function (c) {
        var ok = (!service.value || c.getAttribute("data-service") === service.value) &&
          (!state.value || c.getAttribute("data-status") === state.value);
        c.hidden = !ok;
        if (ok) { shown++; }
      });
      status.textContent = "Showing " + shown + " of " + cards.length + " opportunities.";
    }
    service = selectBox(box, "filter-service", "Service", "All services", list("data-services", function (s) { return s; }), apply);
    state = selectBox(box, "filter-status", "Status", "Any status", list("data-statuses", function (s) { return Object.prototype.hasOwnProperty.call(statusNames, s) ? statusNames[s] : s; }), apply);
    status = statusLine(box);
    box.hidden = false;
  }

  /* Search. The same rules as render.SearchQuery: lower-case, split on
   * anything not a letter, mark or digit, drop short tokens and stop words;
   * a page matches when every token starts one of its terms; a term that is
   * the token scores 2, a longer one 1, three times that in the title; ties
   * go to the shorter title, then to path order. */
  var splitter;
  try { splitter = new RegExp("[^\\p{L}\\p{M}\\p{N}]+", "u"); } catch (e) { splitter = /[^a-z0-9]+/; }

  function tokens(meta, text) {
    var stop = Object.create(null), seen = Object.create(null);
    meta.stop.forEach(function (w) { stop[w] = true; });
    // One character at a time, like Go's strings.ToLower: no final sigma.
    var lower = Array.from(text, function (c) { return c.toLowerCase(); }).join("");
    return lower.split(splitter).filter(function (t) {
      if (Array.from(t).length < meta.min || stop[t] || seen[t]) { return false; }
      seen[t] = true;
      return true;
    });
  }

  function shardKey(meta, t) { return Array.from(t).slice(0, meta.key).join(""); }

  // searchIndex resolves to the matching page ids and scores, best first,
  // or null when the query has no word to look for. load(path) resolves to
  // a file of the index, e.g. "t/3.json".
  function searchIndex(meta, load, query) {
    var toks = tokens(meta, query);
    if (!toks.length) { return Promise.resolve(null); }
    var shardIndex = Object.create(null);
    meta.shards.forEach(function (k, i) { shardIndex[k] = i; });
    for (var i = 0; i < toks.length; i++) {
      if (!(shardKey(meta, toks[i]) in shardIndex)) { return Promise.resolve([]); }
    }
    return Promise.all(toks.map(function (t) { return load("t/" + shardIndex[shardKey(meta, t)] + ".json"); })).then(function (shards) {
      var total = null, titleLen = new Map();
      toks.forEach(function (tok, n) {
        var shard = shards[n], scores = new Map();
        Object.keys(shard).forEach(function (term) {
          if (term.lastIndexOf(tok, 0) !== 0) { return; }
          var weight = term === tok ? 2 : 1, id = 0;
          shard[term].forEach(function (v) {
            id += v >> 3;
            var sc = weight, t = v & 7;
            if (t > 0) { sc *= 3; titleLen.set(id, t); }
            if (!(scores.get(id) >= sc)) { scores.set(id, sc); }
          });
        });
        if (total === null) { total = scores; return; }
        total.forEach(function (sc, id) {
          if (scores.has(id)) { total.set(id, sc + scores.get(id)); } else { total.delete(id); }
        });
      });
      var hits = [];
      total.forEach(function (sc, id) { hits.push({ id: id, score: sc, titleLen: titleLen.get(id) || 8 }); });
      hits.sort(function (a, b) { return b.score - a.score || a.titleLen - b.titleLen || a.id - b.id; });
      return hits;
    });
  }

  // Under Node (the tests), export the search and touch no page.
  if (typeof document === "undefined") {
    if (typeof module === "object" && module.exports) { module.exports = { tokens: tokens, searchIndex: searchIndex }; }
    return;
  }

  function searchPage() {
    var app = document.getElementById("search-app");
    if (!app || !window.fetch || !window.URL) { return; }
    var input = document.getElementById("search-page-q");
    var status = document.getElementById("search-status");
    var results = document.getElementById("search-results");
    var all = document.getElementById("all-pages");
    var home = app.getAttribute("data-home") || "../";
    var fileURLs = /index\.html$/.test(home);
    var root = home.replace(/index\.html$/, "");
    var indexURL = new URL(app.getAttribute("data-index"), location.href);
    var hints = document.querySelectorAll(".no-js-hint");
    Array.prototype.forEach.call(hints, function (h) { h.hidden = true; });

    var meta = null, metaPromise = null, files = {}, seq = 0;
    function load(path) {
      if (!files[path]) {
        files[path] = fetch(new URL(path + "?v=" + meta.h, indexURL)).then(function (r) {
          if (!r.ok) { throw new Error(r.status); }
          return r.json();
        });
      }
      return files[path];
    }
    function loadMeta() {
      if (!metaPromise) {
        metaPromise = fetch(indexURL, { cache: "no-cache" }).then(function (r) {
          if (!r.ok) { throw new Error(r.status); }
          return r.json();
        }).then(function (m) { meta = m; return m; });
      }
      return metaPromise;
    }
    function records(hits) {
      return Promise.all(hits.map(function (h) {
        return load("p/" + Math.floor(h.id / meta.chunk) + ".json").then(function (recs) {
          var r = recs[h.id % meta.chunk];
          h.path = r[0]; h.title = r[1]; h.summary = r[2];
          return h;
        });
      }));
    }
    function href(path) {
      if (fileURLs && (path === "" || /\/$/.test(path))) { path += "index.html"; }
      return root + path;
    }
    // highlight writes text into el, marking each word that a query token
    // starts; nodes, never markup, so text from the data stays text.
    function highlight(el, text, toks) {
      var words = text.split(new RegExp("(" + splitter.source + ")", splitter.flags));
      words.forEach(function (w, i) {
        var lower = Array.from(w, function (c) { return c.toLowerCase(); }).join("");
        var hit = i % 2 === 0 && toks.some(function (t) { return lower.lastIndexOf(t, 0) === 0; });
        el.appendChild(hit ? make("mark", null, w) : document.createTextNode(w));
      });
      return el;
    }
    function show(list, hits, from) {
      var batch = hits.slice(from, from + meta.shown);
      return records(batch).then(function (done) {
        done.forEach(function (h) {
          var li = make("li");
          var a = highlight(make("a", { href: href(h.path) }), h.title, hits.tokens);
          var heading = make("h3");
          heading.appendChild(a);
          li.appendChild(heading);
          if (h.summary) { li.appendChild(highlight(make("p"), h.summary, hits.tokens)); }
          li.appendChild(make("p", { "class": "result-path" }, "/" + h.path));
          list.appendChild(li);
        });
        var more = results.querySelector("button.more");
        if (more) { more.remove(); }
        if (from + meta.shown < hits.length) {
          more = make("button", { type: "button", "class": "more" }, "Show more results");
          more.addEventListener("click", function () {
            var first = list.children.length;
            show(list, hits, from + meta.shown).then(function () {
              var a = list.children[first] && list.children[first].querySelector("a");
              if (a) { a.focus(); }
            });
          });
          results.appendChild(more);
        }
      });
    }
    function run(query) {
      var mine = ++seq;
      query = query.trim();
      if (!query) {
        results.textContent = "";
        status.textContent = "";
        all.hidden = false;
        return;
      }
      loadMeta().then(function () { return searchIndex(meta, load, query); }).then(function (hits) {
        if (mine !== seq) { return; }
        results.textContent = "";
        if (hits === null) {
          status.textContent = "Type a word of two letters or more.";
          all.hidden = false;
          return;
        }
        hits.tokens = tokens(meta, query);
        all.hidden = true;
        status.textContent = hits.length === 0 ? "No pages match \u201c" + query + "\u201d." :
          (hits.length === 1 ? "1 page matches" : hits.length + " pages match") + " \u201c" + query + "\u201d.";
        if (!hits.length) { return; }
        var list = make("ol", { "class": "search-results" });
        results.appendChild(list);
        return show(list, hits, 0);
      }).catch(function () {
        if (mine !== seq) { return; }
        results.textContent = "";
        all.hidden = false;
        status.textContent = "Search is not available here (it needs the site to be served from a web server). Every page is listed below.";
      });
    }

    var q = new URLSearchParams(location.search).get("q") || "";
    input.value = q;
    var header = document.getElementById("search-q");
    if (header) { header.value = q; }
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var url = new URL(location.href);
        if (input.value) { url.searchParams.set("q", input.value); } else { url.searchParams.delete("q"); }
        try { history.replaceState(null, "", url); } catch (e) { /* some browsers refuse on file: pages */ }
        run(input.value);
      }, 150);
    });
    input.form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      clearTimeout(timer);
      run(input.value);
    });
    if (q) { run(q); }
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), makeSortable);
    arrangementFilters();
    opportunityFilters();
    searchPage();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
