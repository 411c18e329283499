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

  // Never lose typed text. A form marked data-jaga-isian becomes data-berubah once edited;
  // leaving the page while one is, asks first. Sending the form clears the mark (the server
  // sends it back marked when the text was not saved: a conflict or an error).
  function tandai(event) {
    var form = event.target.closest && event.target.closest("form[data-jaga-isian]");
    if (form) form.setAttribute("data-berubah", "");
  }
  document.addEventListener("input", tandai);
  document.addEventListener("change", tandai);

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute("data-jaga-isian")) form.removeAttribute("data-berubah");
    // An upload carries the unsaved answer with it, so choosing a file never discards it.
    var asal = form.getAttribute("data-bawa-isian");
    var isian = asal && document.querySelector(asal);
    if (isian && isian.hasAttribute("data-berubah")) {
      form.querySelectorAll("input[data-salinan]").forEach(function (el) { el.remove(); });
      new FormData(isian).forEach(function (nilai, nama) {
        if (nama === "csrfmiddlewaretoken") return;
        var salinan = document.createElement("input");
        salinan.type = "hidden";
        salinan.name = nama;
        salinan.value = nilai;
        salinan.setAttribute("data-salinan", "");
        form.appendChild(salinan);
      });
      isian.removeAttribute("data-berubah");
    }
  }, true);

  // Stacked tables on phones: each cell is labelled with its column's header.
  function labelkan(root) {
    root.querySelectorAll("table.tabel-tumpuk").forEach(function (table) {
      var heads = Array.prototype.map.call(
        table.querySelectorAll("thead tr:last-child th"), function (th) { return th.textContent.trim(); });
      table.querySelectorAll("tbody tr").forEach(function (tr) {
        Array.prototype.forEach.call(tr.children, function (td, i) {
          if (!td.hasAttribute("data-label") && !td.hasAttribute("colspan")) td.setAttribute("data-label", heads[i] || "");
        });
      });
    });
  }
  // An item's "Alasan lain" field only when the reason is "Lainnya" (always shown without JS).
  function tampilkanAlasanLain(form) {
    var pilih = form.querySelector("select[name=alasan]");
    var lain = form.querySelector("input[name=alasan_lain]");
    if (pilih && lain) lain.hidden = pilih.value !== "lainnya";
    return lain;
  }
  function alasanLain(root) {
    root.querySelectorAll("form.putusan-butir").forEach(tampilkanAlasanLain);
  }
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("form.putusan-butir select[name=alasan]")) {
      var lain = tampilkanAlasanLain(event.target.form);
      if (lain && !lain.hidden) lain.focus();
    }
  });
  labelkan(document);
  alasanLain(document);
  document.addEventListener("htmx:afterSwap", function (event) {
    labelkan(event.target);
    alasanLain(event.target);
  });

  // Long checkbox lists (assignment): filter by text, tick every visible one, or clear.
  document.addEventListener("input", function (event) {
    var box = event.target.getAttribute && event.target.getAttribute("data-saring");
    if (!box) return;
    var q = event.target.value.toLowerCase();
    document.querySelectorAll(box + " .form-check, " + box + " [data-saring-item]").forEach(function (item) {
      item.hidden = q && item.textContent.toLowerCase().indexOf(q) === -1;
    });
  });
  document.addEventListener("click", function (event) {
    var el = event.target.closest && event.target.closest("[data-pilih-semua], [data-kosongkan]");
    if (!el) return;
    var pilih = el.hasAttribute("data-pilih-semua");
    var box = el.getAttribute(pilih ? "data-pilih-semua" : "data-kosongkan");
    document.querySelectorAll(box + " .form-check").forEach(function (item) {
      if (!item.hidden) item.querySelector("input[type=checkbox]").checked = pilih;
    });
  });

  // Keyboard shortcuts for links marked data-pintasan="[" / "]" (previous / next indicator),
  // the same in every browser, never while typing in a field.
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var t = event.target;
    if (t.closest && t.closest("input, textarea, select, [contenteditable]")) return;
    var link = document.querySelector('a[data-pintasan="' + event.key + '"]');
    if (link) { event.preventDefault(); link.click(); }
  });

  window.addEventListener("beforeunload", function (event) {
    if (document.querySelector("form[data-jaga-isian][data-berubah]")) {
      event.preventDefault();
      event.returnValue = "";  // the browser shows its own "leave page?" question
    }
  });
})();
