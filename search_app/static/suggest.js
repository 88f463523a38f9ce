// Type-ahead for the search box: a progressive enhancement (the page works without it).
(function () {
  "use strict";
  var input = document.querySelector("input[data-suggest]");
  if (!input || !window.fetch) return;
  var list = document.createElement("ul");
  list.className = "suggest-list";
  list.id = "q-suggestions";
  list.setAttribute("role", "listbox");
  list.hidden = true;
  input.parentNode.appendChild(list);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");
  var active = -1, timer = null, lastQuery = "";

  function close() { list.hidden = true; active = -1; input.setAttribute("aria-expanded", "false"); input.removeAttribute("aria-activedescendant"); }
  function choose(text) {
    input.value = /\s/.test(text) ? '"' + text + '"' : text;
    close();
    input.form.submit();
  }
  function show(items) {
    list.textContent = "";
    items.forEach(function (text, i) {
      var li = document.createElement("li");
      li.id = "q-suggestion-" + i;
      li.setAttribute("role", "option");
      li.textContent = text;
      li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(text); });
      list.appendChild(li);
    });
    list.hidden = items.length === 0;
    input.setAttribute("aria-expanded", items.length ? "true" : "false");
    active = -1;
  }
  function highlight(i) {
    var items = list.children;
    if (!items.length) return;
    active = (i + items.length) % items.length;
    for (var k = 0; k < items.length; k++) items[k].setAttribute("aria-selected", k === active ? "true" : "false");
    input.setAttribute("aria-activedescendant", items[active].id);
  }
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var q = input.value.trim();
    // one Han character is a word; one letter of other scripts starts too many
    var tooShort = q.length < 2 && !/[\u3400-\u9fff\uf900-\ufaff]/.test(q);
    if (tooShort || /[":()*~]/.test(q)) { close(); return; }
    timer = setTimeout(function () {
      lastQuery = q;
      fetch(input.dataset.suggest + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
        .then(function (data) { if (lastQuery === q) show(data.suggestions || []); })
        .catch(close);
    }, 150);
  });
  input.addEventListener("keydown", function (e) {
    if (list.hidden) return;
    if (e.key === "ArrowDown") { e.preventDefault(); highlight(active + 1); }
    else if (e.key === "ArrowUp") { e.preventDefault(); highlight(active - 1); }
    else if (e.key === "Escape") { close(); }
    else if (e.key === "Enter" && active >= 0) { e.preventDefault(); choose(list.children[active].textContent); }
  });
  input.addEventListener("blur", function () { setTimeout(close, 100); });
})();

// On a narrow screen the filters start folded, so the results come first (they unfold with one tap).
(function () {
  "use strict";
  var details = document.querySelector("details.facets-toggle");
  if (details && window.matchMedia && window.matchMedia("(max-width: 760px)").matches) details.open = false;
})();

// "Copy" buttons next to the citation link (shown only when the clipboard can be used).
(function () {
  "use strict";
  if (!navigator.clipboard) return;
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var field = document.querySelector(button.dataset.copy);
    if (!field) return;
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        button.textContent = button.dataset.done;
        setTimeout(function () { button.textContent = label; }, 2000);
      });
    });
  });
})();
