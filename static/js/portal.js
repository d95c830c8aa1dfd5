// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // On a slow connection a second tap would send a form twice: disable its buttons once sent.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset.submitted) {
      event.preventDefault();
      return;
    }
    form.dataset.submitted = "1";
    window.setTimeout(function () {
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        button.setAttribute("aria-disabled", "true");
        button.classList.add("disabled");
      });
    }, 0);
  });
  // A disclosure that is folded on a phone only (the menu, the documents' filters): on a wide
  // screen, where CSS cannot show a closed disclosure's content, open it.
  if (!CSS.supports("selector(::details-content)")) {
    document.querySelectorAll("details[data-wide]").forEach(function (details) {
      if (window.matchMedia("(min-width: " + details.dataset.wide + "px)").matches) {
        details.open = true;
      }
    });
  }
  // Back from the cache: let the form be used again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-submitted]").forEach(function (form) {
      delete form.dataset.submitted;
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        button.removeAttribute("aria-disabled");
        button.classList.remove("disabled");
      });
    });
  });
})();
