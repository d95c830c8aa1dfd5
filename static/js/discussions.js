// The ask form: as the title is typed, show the documents and earlier threads that match it
// (a fragment from /discussions/suggest/). Progressive enhancement only: without this file
// the form shows the same suggestions as a second step after the first submit.
(function () {
  "use strict";
  var form = document.querySelector("form[data-suggest-url]");
  if (!form || !window.fetch) {
    return;
  }
  var title = form.querySelector("input[name=title]");
  var box = document.getElementById("title-suggestions");
  if (!title || !box) {
    return;
  }
  var timer = null;
  var asked = "";
  var MIN_CHARS = 8;
  function show() {
    var value = title.value.trim();
    if (value.length < MIN_CHARS || value === asked) {
      return;
    }
    asked = value;
    var url = form.dataset.suggestUrl + "?title=" + encodeURIComponent(value);
    fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        return response.ok ? response.text() : "";
      })
      .then(function (html) {
        // Only the latest answer is shown: a slow earlier one must not replace it.
        if (asked === value) {
          box.innerHTML = html;
        }
      })
      .catch(function () {});
  }
  title.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(show, 400);
  });
  // The script shows the suggestions, so the form needs no second step.
  var confirmed = document.createElement("input");
  confirmed.type = "hidden";
  confirmed.name = "confirmed";
  confirmed.value = "1";
  form.appendChild(confirmed);
})();
