// Check-in: scan a registrant's QR code with the phone's camera where the browser can read QR codes
// (BarcodeDetector). Without it, the phone's own camera app opens the code's link, and staff can always
// search by name: every page works without this file.
(function () {
  "use strict";
  var box = document.getElementById("scan-box");
  var start = document.getElementById("scan-start");
  if (!box || !start || !("BarcodeDetector" in window) || !navigator.mediaDevices) {
    return;
  }
  var video = document.getElementById("scan-video");
  var status = document.getElementById("scan-status");
  var prefix = start.getAttribute("data-scan-prefix").replace("TOKEN/", "");
  box.hidden = false;

  start.addEventListener("click", function () {
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
      video.srcObject = stream;
      video.hidden = false;
      video.play();
      var look = function () {
        detector.detect(video).then(function (codes) {
          for (var i = 0; i < codes.length; i += 1) {
            var url;
            try {
              url = new URL(codes[i].rawValue, window.location.href);
            } catch (error) {
              continue;
            }
            if (url.pathname.indexOf(prefix) === 0) {
              stream.getTracks().forEach(function (track) { track.stop(); });
              window.location.assign(url.pathname);
              return;
            }
            status.textContent = start.textContent + ": ?";
          }
          window.requestAnimationFrame(look);
        }).catch(function () { window.requestAnimationFrame(look); });
      };
      look();
    }).catch(function () {
      status.textContent = "";
      box.hidden = true;
    });
  });
})();
