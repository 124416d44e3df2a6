/* Chatr: the little behaviour every page shares. No framework; loaded with defer. */
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  // Django's CsrfViewMiddleware reads the token from this header on htmx's POST/PUT/DELETE.
  document.addEventListener("htmx:configRequest", function (event) {
    var token = csrfToken();
    if (token) {
      event.detail.headers["X-CSRFToken"] = token;
    }
  });

  // After a refused submission, put keyboard and screen-reader users on the list of problems.
  function focusErrorSummary(root) {
    var summary = (root || document).querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { focusErrorSummary(document); });
  } else {
    focusErrorSummary(document);
  }

  // A form swapped in by htmx that came back with errors gets the same treatment. The event
  // fires on each settled element: the swap target, or the new nodes of an outerHTML swap.
  document.addEventListener("htmx:afterSettle", function (event) {
    var elt = event.target;
    if (!(elt instanceof Element) || !document.contains(elt)) {
      return;
    }
    if (elt.matches("[data-error-summary]")) {
      elt.focus();
    } else {
      focusErrorSummary(elt);
    }
  });
})();

// A select with data-template-source fills its target textarea with the chosen template's
// text (from a json_script block) when the textarea is still empty. Without script, the
// server uses the template when the text is left empty.
document.addEventListener("change", function (event) {
  var select = event.target;
  if (!select.matches || !select.matches("select[data-template-source]")) return;
  var source = document.getElementById(select.dataset.templateSource);
  var target = document.getElementById(select.dataset.templateTarget);
  if (!source || !target || target.value.trim() !== "") return;
  var texts = JSON.parse(source.textContent || "{}");
  if (texts[select.value]) target.value = texts[select.value];
});
