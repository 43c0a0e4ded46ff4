// The explorers' sliders, as the widget manager draws them, have a handle (role="slider")
// with no accessible name: give each handle the text of its slider's label. Only pages with
// saved widgets have sliders; the manager draws them after the page has loaded.
document.addEventListener("DOMContentLoaded", function () {
  if (!document.querySelector('script[type="application/vnd.jupyter.widget-state+json"]')) {
    return;
  }
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
  nameSliders();
  new MutationObserver(nameSliders).observe(document.body, { childList: true, subtree: true });
});
