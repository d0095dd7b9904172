// Long pages (plan, family file) fold into parts. On a phone, open one part at a time:
// the parts of a page share a name, which makes the browser close the others (the
// exclusive <details> accordion). Without JavaScript every part simply stays open.
(function () {
  "use strict";
  if (!window.matchMedia || !window.matchMedia("(max-width: 48rem)").matches) {
    return;
  }
  var parts = document.querySelectorAll("details.part");
  var target = window.location.hash ? document.getElementById(window.location.hash.slice(1)) : null;
  var keep = target ? target.closest("details.part") : parts[0];
  parts.forEach(function (part) {
    if (part !== keep) {
      part.open = false;
    }
    part.setAttribute("name", "page-parts");
  });
  // A link to something inside a closed part (the contents, a review finding) opens it.
  window.addEventListener("hashchange", function () {
    var element = document.getElementById(window.location.hash.slice(1));
    var part = element ? element.closest("details.part") : null;
    if (part && !part.open) {
      part.open = true;
      element.scrollIntoView();
    }
  });
})();
