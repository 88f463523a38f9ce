// Drag and drop onto the upload form: dropped files go into its plain file input, so the form
// (which works without this script) sends them as if they had been chosen.
(function () {
  "use strict";
  var zone = document.querySelector("[data-drop-zone]");
  if (!zone) return;
  var input = zone.querySelector("input[type=file]");
  var list = zone.querySelector("[data-drop-list]");

  function show() {
    list.textContent = "";
    Array.prototype.forEach.call(input.files, function (file) {
      var item = document.createElement("li");
      item.textContent = file.name;
      item.dir = "auto";
      list.appendChild(item);
    });
  }

  ["dragenter", "dragover"].forEach(function (name) {
    zone.addEventListener(name, function (event) {
      event.preventDefault();
      zone.classList.add("dragging");
    });
  });
  ["dragleave", "drop"].forEach(function (name) {
    zone.addEventListener(name, function () { zone.classList.remove("dragging"); });
  });
  zone.addEventListener("drop", function (event) {
    event.preventDefault();
    var files = event.dataTransfer && event.dataTransfer.files;
    if (!files || !files.length) return;
    if (!input.multiple && files.length > 1) {
      var one = new DataTransfer();
      one.items.add(files[0]);
      files = one.files;
    }
    input.files = files;
    show();
  });
  input.addEventListener("change", show);
})();
