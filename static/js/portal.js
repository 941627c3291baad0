// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  if (window.htmx) {
    // The inline indicator style would need 'unsafe-inline' under our Content-Security-Policy.
    window.htmx.config.includeIndicatorStyles = false;
    window.htmx.config.allowEval = false;
    // Back and Forward reload the page from the server instead of a stored copy of the page: a stored copy
    // keeps the results of one filter next to the form fields of another (a form's state is not in its HTML).
    window.htmx.config.historyCacheSize = 0;
    window.htmx.config.refreshOnHistoryMiss = true;
  }

  // The header's menu button on narrow screens: a disclosure (button with aria-expanded) for the menu panel.
  var button = document.getElementById("portal-menu-button");
  var menu = document.getElementById("portal-menu");
  if (button && menu) {
    var setOpen = function (open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("portal-header__menu--open", open);
    };
    button.addEventListener("click", function () {
      setOpen(button.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        button.focus();
      }
    });
  }

  // A table wider than the screen scrolls inside its box; a box that scrolls must be reachable with the
  // keyboard (WCAG 2.1.1). Boxes that already say so in their HTML are left alone.
  var markScrollable = function (root) {
    (root || document).querySelectorAll(".portal-table-wrap").forEach(function (box) {
      if (box.dataset.portalStatic === undefined) {
        box.dataset.portalStatic = box.hasAttribute("tabindex") ? "1" : "0";
      }
      if (box.dataset.portalStatic === "1") {
        return;
      }
      if (box.scrollWidth > box.clientWidth + 1) {
        var caption = box.querySelector("caption");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        if (caption && !box.hasAttribute("aria-label")) {
          box.setAttribute("aria-label", caption.textContent.trim());
        }
      } else {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
      }
    });
  };
  markScrollable();
  window.addEventListener("resize", function () { markScrollable(); });
  document.body.addEventListener("htmx:afterSettle", function (event) { markScrollable(event.target); });
})();
