// A small rich-text editor for the bulletin's editorial, without any library or CDN.
// Progressive enhancement: without this file the field is a plain textarea that takes HTML,
// and the server keeps only an allowlist of tags either way.
(function () {
  "use strict";

  var COMMANDS = [
    { label: "Bold", command: "bold", key: "b" },
    { label: "Italic", command: "italic", key: "i" },
    { label: "Heading", command: "formatBlock", value: "h2" },
    { label: "Subheading", command: "formatBlock", value: "h3" },
    { label: "Paragraph", command: "formatBlock", value: "p" },
    { label: "Bulleted list", command: "insertUnorderedList" },
    { label: "Numbered list", command: "insertOrderedList" },
    { label: "Quote", command: "formatBlock", value: "blockquote" },
    { label: "Link", command: "createLink", prompt: true },
    { label: "Remove link", command: "unlink" }
  ];

  function safeUrl(url) {
    url = (url || "").trim();
    if (/^(https?:|mailto:)/i.test(url)) {
      return url;
    }
    if (/^[\w.-]+\.[a-z]{2,}(\/|$)/i.test(url)) {
      return "https://" + url;
    }
    return null;
  }

  function enhance(textarea) {
    var label = document.querySelector('label[for="' + textarea.id + '"]');
    var toolbar = document.createElement("div");
    toolbar.className = "rich-text__toolbar";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", "Formatting");
    toolbar.setAttribute("aria-controls", textarea.id + "-editor");

    var area = document.createElement("div");
    area.className = "rich-text__area prose";
    area.id = textarea.id + "-editor";
    area.contentEditable = "true";
    area.setAttribute("role", "textbox");
    area.setAttribute("aria-multiline", "true");
    if (label) {
      if (!label.id) {
        label.id = textarea.id + "-label";
      }
      area.setAttribute("aria-labelledby", label.id);
      label.addEventListener("click", function () {
        area.focus();
      });
    }
    var help = textarea.getAttribute("aria-describedby");
    if (help) {
      area.setAttribute("aria-describedby", help);
    }
    area.innerHTML = textarea.value;

    function sync() {
      textarea.value = area.innerHTML;
    }

    COMMANDS.forEach(function (spec) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-sm btn-outline-secondary";
      button.textContent = spec.label;
      if (spec.key) {
        button.setAttribute("aria-keyshortcuts", "Control+" + spec.key.toUpperCase());
      }
      button.addEventListener("mousedown", function (event) {
        event.preventDefault(); // keep the selection in the editing area
      });
      button.addEventListener("click", function () {
        area.focus();
        var value = spec.value || null;
        if (spec.prompt) {
          value = safeUrl(window.prompt("Address of the link (https://…)", "https://"));
          if (!value) {
            return;
          }
        }
        document.execCommand(spec.command, false, value);
        sync();
      });
      toolbar.appendChild(button);
    });

    // Pasted text comes in as plain text: formatting from other programs is not carried over.
    area.addEventListener("paste", function (event) {
      var text = (event.clipboardData || window.clipboardData).getData("text/plain");
      event.preventDefault();
      document.execCommand("insertText", false, text);
      sync();
    });
    area.addEventListener("input", sync);
    area.addEventListener("blur", sync);
    textarea.form.addEventListener("submit", sync);

    document.execCommand("defaultParagraphSeparator", false, "p");
    document.execCommand("styleWithCSS", false, false);
    textarea.hidden = true;
    textarea.parentNode.insertBefore(toolbar, textarea);
    textarea.parentNode.insertBefore(area, textarea);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea[data-rich-text]").forEach(enhance);
  });
})();
