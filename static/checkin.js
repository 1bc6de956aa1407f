// Portal06 check-in: the phone camera reads the QR code on the ID card
// (BarcodeDetector where the browser has it, jsQR otherwise) and puts the
// text in the scan box, as a USB scanner would; after a save the box is
// cleared and focused for the next card.
(function () {
  "use strict";
  var stream = null, timer = null;

  function $(id) { return document.getElementById(id); }

  function submitScan(text) {
    var box = $("id_qr"), form = $("scan-form");
    if (!box || !form) { return; }
    box.value = text;
    if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
  }

  function stopCamera() {
    if (timer) { clearTimeout(timer); timer = null; }
    if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); stream = null; }
    var video = $("camera");
    if (video) { video.pause(); video.srcObject = null; }
    var box = $("camera-box");
    if (box) { box.hidden = true; }
  }

  function status(msg) { var s = $("camera-status"); if (s) { s.textContent = msg; } }

  function startCamera() {
    var video = $("camera");
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false }).then(function (s) {
      stream = s;
      video.srcObject = s;
      $("camera-box").hidden = false;
      return video.play();
    }).then(function () {
      var detector = null;
      if ("BarcodeDetector" in window) {
        try { detector = new window.BarcodeDetector({ formats: ["qr_code"] }); } catch (e) { detector = null; }
      }
      var canvas = document.createElement("canvas");
      var ctx2d = canvas.getContext("2d", { willReadFrequently: true });
      var tick = function () {
        if (!stream) { return; }
        if (detector) {
          detector.detect(video).then(function (codes) {
            if (codes.length > 0 && codes[0].rawValue) { stopCamera(); submitScan(codes[0].rawValue); } else { timer = setTimeout(tick, 150); }
          }, function () { timer = setTimeout(tick, 300); });
          return;
        }
        if (typeof window.jsQR === "function" && video.videoWidth > 0) {
          canvas.width = video.videoWidth; canvas.height = video.videoHeight;
          ctx2d.drawImage(video, 0, 0);
          var img = ctx2d.getImageData(0, 0, canvas.width, canvas.height);
          var code = window.jsQR(img.data, img.width, img.height, { inversionAttempts: "dontInvert" });
          if (code && code.data) { stopCamera(); submitScan(code.data); return; }
        }
        timer = setTimeout(tick, 200);
      };
      tick();
    }).catch(function (err) {
      stopCamera();
      status(String(err && err.message || err));
      var box = $("camera-box"); if (box) { box.hidden = false; }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var start = $("camera-start"), stop = $("camera-stop");
    if (start && navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
      start.hidden = false;
      start.addEventListener("click", startCamera);
    }
    if (stop) { stop.addEventListener("click", stopCamera); }
    document.body.addEventListener("portal:saved", function () {
      var form = $("scan-form");
      if (form) { form.reset(); }
      var box = $("id_qr"); if (box) { box.focus(); }
    });
    document.body.addEventListener("htmx:afterSwap", function (e) {
      if (!e.detail || !e.detail.target || e.detail.target.id !== "confirm") { return; }
      var focus = document.querySelector("#confirm [autofocus]");
      if (focus) { focus.focus(); }
    });
  });
  window.addEventListener("pagehide", stopCamera);
})();

// Group check-in: a row's remove button, and a fresh scan box after each card.
(function () {
  "use strict";
  document.addEventListener("click", function (e) {
    var b = e.target.closest ? e.target.closest(".row-remove") : null;
    if (b) { var tr = b.closest("tr"); if (tr) { tr.remove(); } }
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.body.addEventListener("portal:added", function () {
      var box = document.getElementById("id_qr"), mrz = document.getElementById("mrz"), errs = document.getElementById("group-errors");
      if (box) { box.value = ""; box.focus(); }
      if (mrz) { mrz.value = ""; }
      if (errs) { errs.innerHTML = ""; }
    });
  });
})();

// A desk paired with a phone: each card the phone scans arrives as a
// server-sent event and goes through the scan box, as a scanner's would.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("pair-box");
    if (!box || !window.EventSource) { return; }
    var status = document.getElementById("pair-status");
    var es = new EventSource(box.getAttribute("data-events"));
    es.onopen = function () { if (status) { status.textContent = box.getAttribute("data-connected"); } box.setAttribute("data-ready", "1"); };
    es.onerror = function () { if (status) { status.textContent = box.getAttribute("data-lost"); } };
    es.onmessage = function (e) {
      var input = document.getElementById("id_qr"), form = document.getElementById("scan-form");
      if (!input || !form) { return; }
      input.value = e.data;
      if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
    };
    window.addEventListener("pagehide", function () { es.close(); });
  });
})();
