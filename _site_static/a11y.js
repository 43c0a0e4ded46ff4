// The explorers' sliders, as the widget manager draws them, have a handle (role="slider")
// with no accessible name: give each handle the text of its slider's label.
(function () {
  function nameSliders() {
    document.querySelectorAll(".widget-slider").forEach(function (slider) {
      var label = slider.querySelector(".widget-label");
      var name = label ? label.textContent.trim() : "";
      slider.querySelectorAll(".noUi-handle").forEach(function (handle) {
        if (name && !handle.getAttribute("aria-label")) {
          handle.setAttribute("aria-label", name);
        }
      });
    });
  }
  new MutationObserver(nameSliders).observe(document.documentElement, { childList: true, subtree: true });
})();
