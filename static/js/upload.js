// Upload progress for forms marked data-upload-progress. Without this file (or without
// XMLHttpRequest upload events) the form posts normally.
(function () {
  "use strict";
  if (!window.XMLHttpRequest || !window.FormData || !window.DOMParser) {
    return;
  }

  function reset(form) {
    delete form.dataset.submitted;
    form.querySelectorAll("button[type=submit]").forEach(function (button) {
      button.removeAttribute("aria-disabled");
      button.classList.remove("disabled");
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-upload-progress]") || form.dataset.uploading) {
      return;
    }
    var box = form.querySelector(".upload-progress");
    var bar = box && box.querySelector("progress");
    var text = box && box.querySelector(".upload-progress__text");
    if (!box || !bar) {
      return;
    }
    event.preventDefault();
    form.dataset.uploading = "1";
    box.hidden = false;

    var request = new XMLHttpRequest();
    request.open("POST", form.action || window.location.href);
    request.upload.addEventListener("progress", function (progress) {
      if (progress.lengthComputable) {
        var percent = Math.round((progress.loaded / progress.total) * 100);
        bar.value = percent;
        text.textContent = percent + " %";
      }
    });
    request.addEventListener("load", function () {
      delete form.dataset.uploading;
      // Show the page the server answered with: the document (saved, after the redirect)
      // or the form with its messages. Its messages were read by this request, so the page
      // is put in place rather than loaded again.
      var page = new DOMParser().parseFromString(request.responseText, "text/html");
      var main = page.getElementById("main");
      var current = document.getElementById("main");
      if (!main || !current) {
        window.location.assign(request.responseURL || window.location.href);
        return;
      }
      current.replaceChildren.apply(
        current,
        Array.prototype.slice.call(main.childNodes).map(function (node) {
          return document.importNode(node, true);
        })
      );
      document.title = page.title;
      if (request.responseURL && request.responseURL !== window.location.href) {
        window.history.pushState(null, "", request.responseURL);
      }
      current.focus();
    });
    request.addEventListener("error", function () {
      delete form.dataset.uploading;
      box.hidden = true;
      reset(form);
      window.alert(form.dataset.uploadError || "The upload failed. Check your connection and try again.");
    });
    request.send(new FormData(form));
  });
})();
