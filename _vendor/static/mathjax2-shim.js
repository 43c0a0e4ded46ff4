// The widget manager (@jupyter-widgets/html-manager 1.0.6) typesets widget
// labels through MathJax 2's MathJax.Hub.Queue; the book serves MathJax 3.
// Give it a MathJax 2 entry point that asks MathJax 3 to typeset instead.
document.addEventListener("DOMContentLoaded", function () {
  if (window.MathJax && !window.MathJax.Hub) {
    window.MathJax.Hub = {
      Queue: function () {
        if (window.MathJax.typesetPromise) {
          window.MathJax.typesetPromise();
        }
      },
    };
  }
});
