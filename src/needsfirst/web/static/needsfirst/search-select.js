/* needsfirst: a long multiple-choice list (nationality) becomes searchable.
   Progressive enhancement: without this script the list is a plain multiple select that works.
   A search box above the list hides the options that do not match what is typed (ignoring case
   and accents); the chosen options are listed above it. No inline script or style (CSP). */
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function enhance(select) {
    var wrapper = document.createElement("div");
    wrapper.className = "search-select";
    var label = document.createElement("label");
    var search = document.createElement("input");
    search.type = "search";
    search.id = select.id + "-search";
    search.autocomplete = "off";
    label.htmlFor = search.id;
    label.textContent = select.getAttribute("data-search-label") || "Search the list";
    var chosen = document.createElement("ul");
    chosen.className = "chosen";
    chosen.setAttribute("aria-live", "polite");
    select.parentNode.insertBefore(wrapper, select);
    wrapper.appendChild(chosen);
    wrapper.appendChild(label);
    wrapper.appendChild(search);
    wrapper.appendChild(select);
    function showChosen() {
      chosen.textContent = "";
      Array.prototype.forEach.call(select.selectedOptions, function (option) {
        var item = document.createElement("li");
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "link";
        remove.textContent = option.textContent + " \u00d7";
        remove.setAttribute("aria-label", (select.getAttribute("data-remove-label") || "Remove") + ": " + option.textContent);
        remove.addEventListener("click", function () {
          option.selected = false;
          showChosen();
          search.focus();
        });
        item.appendChild(remove);
        chosen.appendChild(item);
      });
    }
    search.addEventListener("input", function () {
      var wanted = fold(search.value.trim());
      Array.prototype.forEach.call(select.options, function (option) {
        option.hidden = wanted !== "" && fold(option.textContent).indexOf(wanted) === -1 && !option.selected;
      });
    });
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        var first = Array.prototype.find.call(select.options, function (o) { return !o.hidden && !o.selected; });
        if (first) { first.selected = true; showChosen(); search.value = ""; search.dispatchEvent(new Event("input")); }
      }
    });
    select.addEventListener("change", showChosen);
    // A click toggles one option and keeps the others: no Ctrl needed to choose several.
    select.addEventListener("mousedown", function (event) {
      if (event.target.tagName !== "OPTION") { return; }
      event.preventDefault();
      event.target.selected = !event.target.selected;
      select.focus();
      showChosen();
    });
    showChosen();
  }
  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("select[multiple][data-search]"), enhance);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
