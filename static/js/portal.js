/* Portal behaviour that needs script; every form still works without it (the server decides). */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // A select marked data-kirim-otomatis submits its form on change (the header's period switcher).
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("select[data-kirim-otomatis]")) {
      el.form.requestSubmit ? el.form.requestSubmit() : el.form.submit();
    }
  });
})();
