// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  if (window.htmx) {
    // The inline indicator style would need 'unsafe-inline' under our Content-Security-Policy.
    window.htmx.config.includeIndicatorStyles = false;
    window.htmx.config.allowEval = false;
  }
})();
