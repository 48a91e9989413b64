// Skip logic of the screening interview: show a section only when its condition holds.
// Mirrors needsfirst.web.screening.questions.clause_holds; without JavaScript every section
// shows, and the server leaves out the answers of sections whose condition is false.
(function () {
  "use strict";

  function valueOf(form, name) {
    var inputs = form.querySelectorAll('[name="' + name + '"]');
    for (var i = 0; i < inputs.length; i++) {
      var input = inputs[i];
      if (input.type === "radio") {
        if (input.checked) { return input.value; }
      } else {
        return input.value;
      }
    }
    return "";
  }

  function holds(form, clause) {
    var value = valueOf(form, clause[1]);
    if (clause[0] === "in") { return clause[2].indexOf(value) !== -1; }
    if (clause[0] === "empty") { return value === ""; }
    if (clause[0] === "under") {
      return value !== "" && !isNaN(Number(value)) && Number(value) < Number(clause[2]);
    }
    return true;
  }

  function apply(form) {
    var sections = form.querySelectorAll("[data-show-any]");
    for (var i = 0; i < sections.length; i++) {
      var clauses = JSON.parse(sections[i].getAttribute("data-show-any"));
      var shown = clauses.some(function (clause) { return holds(form, clause); });
      sections[i].hidden = !shown;
      if (shown && !sections[i].open) { sections[i].open = true; }
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("interview");
    if (!form) { return; }
    apply(form);
    form.addEventListener("change", function () { apply(form); });
    form.addEventListener("input", function () { apply(form); });
  });
})();
