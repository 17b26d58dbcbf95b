// Subscribe boxes (templates/components/subscribe.html): select the feed address when it gets focus,
// and show a copy button. Without JavaScript the read-only field can still be selected and copied.
(function () {
  "use strict";

  function copyText(input) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(input.value);
    }
    return new Promise(function (resolve, reject) {
      input.focus();
      input.select();
      try {
        if (document.execCommand("copy")) { resolve(); } else { reject(new Error("copy refused")); }
      } catch (error) {
        reject(error);
      }
    });
  }

  document.querySelectorAll("[data-subscribe-url]").forEach(function (input) {
    input.addEventListener("focus", function () { input.select(); });
  });

  document.querySelectorAll("button[data-copy-for]").forEach(function (button) {
    if (button.dataset.ready) { return; }
    button.dataset.ready = "true";
    var input = document.getElementById(button.dataset.copyFor);
    var status = button.parentNode.querySelector("[role=status]");
    button.hidden = false;
    button.addEventListener("click", function () {
      copyText(input).then(
        function () { status.textContent = button.dataset.copied; },
        function () {
          input.focus();
          input.select();
          status.textContent = button.dataset.failed;
        }
      );
    });
  });
})();
