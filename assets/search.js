/* gksite search: Pagefind, or on a copy opened from disk the facts in search-data.js.
   Plain ES5 with Promises, for old phones. The character map, filter values, shard list and
   Pagefind load when the visitor starts to search (focus, a query, ?q=). */
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form) { return; }
  document.documentElement.className += " js";
  var input = form.elements.q;
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var filterBox = document.getElementById("search-filters");
  var PAGE = 10;
  var HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
  var RUNS = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[0-9A-Za-z]+/g;
  var folding = {}, scriptMap = null, engine = null, ready = null, shown = [], offset = 0, lastQuery = "";

  function buildMap(pairs) {
    var map = {};
    for (var i = 0; i + 1 < pairs.length; i += 2) { map[pairs.charAt(i)] = pairs.charAt(i + 1); }
    return map;
  }
  function translate(text, map) {
    var out = "";
    for (var i = 0; i < text.length; i++) { var c = text.charAt(i); out += map[c] || c; }
    return out;
  }
  /* Query and index are folded alike, character by character (发, 發: 发; search.py). */
  function fold(text) { return translate(text, folding); }
  /* A traditional fact: the simplified one converted by character, then what differs
     (search.py, script_difference). */
  function twinText(simplified, difference) {
    var guess = translate(simplified || "", scriptMap);
    if (!difference) { return guess; }
    var found = JSON.parse(difference);
    if (typeof found === "string") { return found; }
    for (var i = 0; i < found.length; i++) {
      guess = guess.slice(0, found[i][0]) + found[i][1] + guess.slice(found[i][0] + found[i][1].length);
    }
    return guess;
  }
  /* Metadata is U+F0000 + each UTF-16 unit, no word to index (search.py, hide_words). */
  function showWords(s) {
    return s.replace(/[\uDB80-\uDBBF][\uDC00-\uDFFF]/g, function (p) {
      return String.fromCharCode((p.charCodeAt(0) - 0xDB80 << 10) + p.charCodeAt(1) - 0xDC00);
    });
  }
  function fact(meta, key) { return scriptMap ? twinText(meta[key], meta[key + "_t"]) : meta[key]; }
  /* A Han character's place in HAN, three base-36 digits (search.py, han_code). */
  function code(ch) {
    var c = ch.charCodeAt(0), n = c >= 0xf900 ? c - 0xf900 + 27584 : c >= 0x4e00 ? c - 0x4e00 + 6592 : c - 0x3400;
    return ("00" + n.toString(36)).slice(-3);
  }
  /* The index holds every pair of adjacent Han characters as b{code}{code} (search.py); a
     query asks for all its pairs (ABCD: AB BC CD). One character alone is a prefix. */
  function tokens(text) {
    var seen = {}, out = [], runs = text.match(RUNS) || [];
    function add(t) { if (!seen[t]) { seen[t] = 1; out.push(t); } }
    for (var r = 0; r < runs.length; r++) {
      var run = runs[r];
      if (!HAN.test(run.charAt(0))) { add(run.toLowerCase()); continue; }
      if (run.length === 1) { add("b" + code(run)); continue; }
      for (var i = 0; i + 1 < run.length; i++) { add("b" + code(run.charAt(i)) + code(run.charAt(i + 1))); }
    }
    /* A word that begins another adds nothing: both match at one place. */
    return out.filter(function (t) {
      for (var k = 0; k < out.length; k++) { if (out[k] !== t && out[k].indexOf(t) === 0) { return false; } }
      return true;
    });
  }
  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; });
  }
  /* An excerpt around the query's first (longest) run, folded alike, the match marked. */
  function excerpt(text, query) {
    var parts = (fold(query).match(RUNS) || []).sort(function (a, b) { return b.length - a.length; });
    var folded = fold(text), at = -1, hit = "";
    for (var p = 0; p < parts.length && at < 0; p++) { at = folded.indexOf(parts[p]); hit = text.substr(at, parts[p].length); }
    if (at < 0) { return escapeHtml(text.slice(0, 80)) + (text.length > 80 ? "…" : ""); }
    var start = Math.max(0, at - 40), end = Math.min(text.length, at + hit.length + 40);
    return (start > 0 ? "…" : "") + escapeHtml(text.slice(start, at)) + "<mark>" + escapeHtml(hit) +
      "</mark>" + escapeHtml(text.slice(at + hit.length, end)) + (end < text.length ? "…" : "");
  }
  function row(label, value) {
    return value ? "<span class='result-fact'><span class='result-label'>" + label + "：</span>" + escapeHtml(value) + "</span>" : "";
  }
  /* The state a result is in, marked as lists mark it (失效 and 废止, in either script). */
  var STATES = { "失效": "expired", "废止": "repealed", "廢止": "repealed" };
  function state(validity) {
    return STATES[validity] ? " <span class='state state-" + STATES[validity] + "'>" + escapeHtml(validity) + "</span>" : "";
  }
  function show(item, query) {
    var li = document.createElement("li");
    li.innerHTML = "<h2 class='result-title'><a href='" + escapeHtml(item.url) + "'>" + escapeHtml(item.title) + "</a>" +
      state(item.validity) + "</h2>" +
      "<p class='result-facts'>" + row("索引号", item.index_no) + row("文号", item.doc_no) + row("发布日期", item.date) +
      row("发布机构", item.publisher) + "</p>" + (item.text ? "<p class='result-excerpt'>" + excerpt(item.text, query) + "</p>" : "");
    list.appendChild(li);
  }
  function announce(count, query) {
    status.textContent = count ? "“" + query + "”共找到 " + count + " 条结果。" : "没有找到与“" + query + "”相关的信息。";
  }
  function filtersChosen() {
    var chosen = {}, selects = form.querySelectorAll("select[data-filter]");
    for (var i = 0; i < selects.length; i++) { if (selects[i].value) { chosen[selects[i].name] = selects[i].value; } }
    return chosen;
  }

  /* --- Pagefind --- */
  /* The runtime bundle is Pagefind itself; each shard (months, newest first, in shards.js)
     is merged into it and tagged, so a date-sorted search can walk them. */
  function loadPagefind() {
    var shards = window.GKSITE_SHARDS || [];
    if (location.protocol === "file:" || typeof WebAssembly === "undefined" || !shards.length) {
      return Promise.reject(new Error("offline"));
    }
    var base = new URL(form.getAttribute("data-pagefind") || "pagefind/", location.href).href;
    function folder(name) { return new URL(name + "/", base).href; }
    try {
      var load = new Function("u", "return import(u)");
      return load(folder("runtime") + "pagefind.js").then(function (pf) {
        /* baseUrl "/": else Pagefind prefixes a record's file with a guessed origin. */
        return pf.options({ basePath: folder("runtime"), baseUrl: "/", excerptLength: 0 }).then(function () {
          return pf.init();
        }).then(function () {
          return Promise.all(shards.map(function (name) {
            return pf.mergeIndex(folder(name), { baseUrl: "/", mergeFilter: { shard: name } });
          }));
        }).then(function () { return { pf: pf, shards: shards }; });
      });
    } catch (e) { return Promise.reject(e); }
  }
  /* Filter values come from filters.js; each is searched as a word. */
  function fillFilters() {
    var all = window.GKSITE_FILTERS || {}, selects = form.querySelectorAll("select[data-filter]");
    for (var i = 0; i < selects.length; i++) {
      var values = all[selects[i].name] || [];
      for (var v = 0; v < values.length; v++) {
        var option = document.createElement("option");
        option.value = values[v][0];
        option.textContent = values[v][1] + "（" + values[v][2] + "）";
        selects[i].appendChild(option);
      }
    }
    filterBox.hidden = false;
  }
  /* Filter codes are ASCII; search.py writes the same. */
  function asciiHex(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) { out += ("0" + text.charCodeAt(i).toString(16)).slice(-2); }
    return out;
  }
  function filterTokens() {
    var chosen = filtersChosen(), out = [];
    for (var name in chosen) {
      if (chosen.hasOwnProperty(name)) { out.push("z" + name + asciiHex(chosen[name]) + "z"); }
    }
    return out;
  }
  /* Pagefind drops a word its index lacks: keep pages holding every word. */
  function holdingAll(results, count) {
    return results.filter(function (result) { return result.words.length >= count; });
  }
  var pagefindEngine = {
    search: function (handle, query) {
      var asked = tokens(fold(query)), words = asked.concat(filterTokens()), joined = words.join(" ");
      if (form.elements.sort.value !== "date" && asked.length) {
        return handle.pf.search(joined).then(function (found) { return holdingAll(found.results, words.length); });
      }
      /* By date: Pagefind sorts within a shard; ask each in turn, newest first. */
      return Promise.all(handle.shards.map(function (name) {
        return handle.pf.search(joined, { filters: { shard: name }, sort: { date: "desc" } });
      })).then(function (all) {
        var results = [];
        for (var i = 0; i < all.length; i++) { results = results.concat(holdingAll(all[i].results, words.length)); }
        return results;
      });
    },
    load: function (result) {
      return result.data().then(function (data) {
        var m = {}, k;
        for (k in data.meta) { m[k] = showWords(data.meta[k]); }
        /* A record's file: its month, "+", its address with "+" for "/" (search.py). */
        return { url: data.url.replace(/^\/*[^+]*\+/, "").replace(/\+/g, "/"), title: fact(m, "title"), index_no: m.index_no,
                 doc_no: fact(m, "doc_no"), date: m.date, publisher: fact(m, "publisher"), validity: fact(m, "validity"),
                 text: fact(m, "text") || "" };
      });
    }
  };

  /* --- fallback: metadata only, loaded with a <script> tag --- */
  function loadFallback() {
    return loadScript(form.getAttribute("data-fallback")).then(function () { return window.GKSITE_SEARCH_DATA; });
  }
  var fallbackEngine = {
    search: function (data, query) {
      var words = fold(query).toLowerCase().split(/\s+/), found = [], f = data.fields;
      data.hay = data.hay || data.entries.map(function (e) { return fold(e.slice(0, 4).join(" ")).toLowerCase(); });
      for (var i = 0; i < data.entries.length; i++) {
        var e = data.entries[i], hay = data.hay[i], ok = true;
        for (var w = 0; w < words.length && ok; w++) { ok = hay.indexOf(words[w]) >= 0; }
        if (ok) {
          var item = {};
          for (var k = 0; k < f.length; k++) { item[f[k]] = e[k]; }
          found.push(item);
        }
      }
      return Promise.resolve(found);
    },
    load: function (item) { return Promise.resolve(item); }
  };

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }
  /* All a search needs, loaded once, at the first sign of a search. */
  function prepare() {
    if (!ready) {
      var data = form.getAttribute("data-scripts").split(" ");
      ready = Promise.all(data.map(loadScript)).then(function () {
        folding = buildMap(window.GKSITE_CHARMAP || "");
        scriptMap = window.GKSITE_SCRIPTMAP ? buildMap(window.GKSITE_SCRIPTMAP) : null;
        return start();
      })["catch"](function () {
        status.textContent = "搜索暂时无法使用，请按公开目录浏览。";
        throw new Error("search unavailable");
      });
    }
    return ready;
  }
  function start() {
    return loadPagefind().then(function (pf) {
      engine = { impl: pagefindEngine, handle: pf };
      fillFilters();
    }, function () {
      return loadFallback().then(function (data) {
        engine = { impl: fallbackEngine, handle: data };
        status.textContent = "当前为离线查找：按标题、文号、索引号和发布机构查找。";
      });
    });
  }
  function page() {
    var slice = shown.slice(offset, offset + PAGE);
    offset += slice.length;
    more.hidden = offset >= shown.length;
    return Promise.all(slice.map(engine.impl.load)).then(function (items) {
      for (var i = 0; i < items.length; i++) { show(items[i], lastQuery); }
    });
  }
  function run() {
    var query = (input.value || "").trim();
    var chosen = filtersChosen();
    if (!query && !Object.keys(chosen).length) { status.textContent = "请输入要查找的词。"; return Promise.resolve(); }
    lastQuery = query;
    status.textContent = "正在查找……";
    return engine.impl.search(engine.handle, query).then(function (results) {
      shown = results; offset = 0; list.innerHTML = "";
      return page().then(function () { announce(results.length, query || "筛选条件"); });
    });
  }
  /* Every address a query finds, in order (for bench/recall.py). */
  window.gksiteSearch = function (query) {
    return prepare().then(function () {
      return engine.impl.search(engine.handle, query.trim());
    }).then(function (results) {
      return Promise.all(results.map(engine.impl.load));
    }).then(function (items) { return items.map(function (item) { return item.url; }); });
  };
  function search() {
    return prepare().then(run)["catch"](function () {});
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (window.history && history.replaceState) {
      history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
    }
    search();
  });
  input.addEventListener("focus", function () { prepare()["catch"](function () {}); });
  more.addEventListener("click", function () { page(); });
  var match = /[?&]q=([^&]*)/.exec(location.search);
  if (match) {
    input.value = decodeURIComponent(match[1].replace(/\+/g, " "));
    search();
  }
})();
