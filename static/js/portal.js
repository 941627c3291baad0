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
})();
