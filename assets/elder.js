/* 长者模式: large print and high contrast, remembered across pages in localStorage.
   The class on <html> is set by a line in <head> before the first paint; this file only
   wires the switch in the header (shown by CSS once that line has marked the page .js). */
(function () {
  "use strict";
  var KEY = "gksite-elder", root = document.documentElement;
  var button = document.querySelector(".elder-switch");
  if (!button) { return; }
  function on() { return (" " + root.className + " ").indexOf(" elder ") >= 0; }
  function show(state) {
    root.className = root.className.replace(/(^|\s)elder(?=\s|$)/g, "") + (state ? " elder" : "");
    button.setAttribute("aria-pressed", state ? "true" : "false");
  }
  button.addEventListener("click", function () {
    var state = !on();
    show(state);
    try { if (state) { localStorage.setItem(KEY, "1"); } else { localStorage.removeItem(KEY); } } catch (e) { /* private mode */ }
  });
  show(on());
  /* A page restored from the back/forward cache shows the setting chosen on a later page. */
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { try { show(localStorage.getItem(KEY) === "1"); } catch (e) { /* no storage */ } }
  });
})();
