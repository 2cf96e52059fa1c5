// The console's only script (served from our own origin; the CSP forbids inline scripts).
// After the server-side idle limit has passed without a page load, go to the login page so
// personal data does not stay on an unattended screen.
(function () {
  "use strict";
  var seconds = parseInt(document.body.getAttribute("data-idle-seconds") || "0", 10);
  if (seconds > 0) {
    window.setTimeout(function () {
      window.location.assign("/login?expired=1");
    }, (seconds + 5) * 1000);
  }
})();
