// Live reload for tscip's preview server; it is added to pages only by the
// preview, never to a built site.
(function () {
  "use strict";
  var script = document.currentScript;
  var version = script ? script.getAttribute("data-version") : "";
  if (!window.EventSource) return;
  var source = new EventSource("/__tscip/events?v=" + encodeURIComponent(version || ""));

  source.addEventListener("reload", function () {
    source.close();
    window.location.reload();
  });

  // Only stylesheets changed: load them again in place, so the page keeps
  // its scroll position and state.
  source.addEventListener("css", function (e) {
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      swap(links[i], e.lastEventId);
    }
  });

  source.addEventListener("problems", function (e) {
    var data = JSON.parse(e.data);
    var old = document.getElementById("tscip-overlay");
    if (old) old.parentNode.removeChild(old);
    var box = document.createElement("div");
    box.innerHTML = data.html; // escaped by the server
    var overlay = box.firstElementChild;
    if (!overlay) return;
    document.body.appendChild(overlay);
    wire(overlay);
  });

  function swap(link, id) {
    var url;
    try {
      url = new URL(link.href, window.location.href);
    } catch (err) {
      return;
    }
    if (url.origin !== window.location.origin) return;
    url.searchParams.set("tscip", id);
    var next = link.cloneNode();
    next.href = url.pathname + url.search;
    next.addEventListener("load", function () {
      if (link.parentNode) link.parentNode.removeChild(link);
    });
    next.addEventListener("error", function () {
      if (link.parentNode) link.parentNode.removeChild(link);
    });
    link.parentNode.insertBefore(next, link.nextSibling);
  }

  // wire makes the overlay a dialog that takes focus and can be hidden
  // (Escape or its button) to look at the page underneath.
  function wire(overlay) {
    var previous = document.activeElement;
    function hide() {
      if (overlay.parentNode) overlay.parentNode.removeChild(overlay);
      if (previous && previous.focus) previous.focus();
    }
    var button = overlay.querySelector(".tscip-close");
    if (button) button.addEventListener("click", hide);
    overlay.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && button) hide();
    });
    overlay.focus();
  }

  function ready() {
    var overlay = document.getElementById("tscip-overlay");
    if (overlay) wire(overlay);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
