// Keyboard shortcuts for the review pages: any element with data-key="x" is activated by x.
// On the queue, j/k move the selection and Enter opens the selected item.
(function () {
  "use strict";
  var selected = -1;

  function rows() { return document.querySelectorAll("#queue li.row"); }

  function select(n) {
    var list = rows();
    if (!list.length) { return; }
    selected = Math.max(0, Math.min(list.length - 1, n));
    list.forEach(function (r, i) { r.classList.toggle("selected", i === selected); });
    list[selected].scrollIntoView({ block: "nearest" });
  }

  function activate(el) {
    if (el.tagName === "FORM") { el.requestSubmit(); return; }
    if (el.tagName === "BUTTON" && el.form) { el.form.requestSubmit(el); return; }
    el.click();
  }

  document.addEventListener("keydown", function (ev) {
    var t = ev.target;
    if (ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) { return; }
    var key = ev.key;
    if (rows().length) {
      if (key === "j") { select(selected + 1); ev.preventDefault(); return; }
      if (key === "k") { select(selected - 1); ev.preventDefault(); return; }
      if ((key === "Enter" || key === "o") && selected >= 0) {
        window.location = rows()[selected].dataset.href; ev.preventDefault(); return;
      }
    }
    var el = document.querySelector('[data-key="' + key + '"]');
    if (el) { ev.preventDefault(); activate(el); }
  });
})();
