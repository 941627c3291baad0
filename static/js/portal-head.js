// Loaded in <head>, before the page is drawn: marks that scripts run, so the CSS can fold the mobile menu
// away from the first paint (no jump when portal.js arrives). Without JavaScript the menu stays open.
document.documentElement.classList.add("js");
