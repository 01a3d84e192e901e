/* Steward pages, vendored and framework-free. Everything here is an improvement: the forms work
   without it. (1) Drafts: what is typed is kept in localStorage until the server confirms, so a
   dropped network loses nothing, and the form's submission key is kept with it so a resend is
   never a duplicate. (2) Photos are downscaled in the browser before upload where canvas allows.
   (3) The location is filled in, with permission, when the steward ticks "share location".
   (4) A second tap on "send" does nothing while the first is on its way. */
(function () {
  "use strict";
  var PREFIX = "steward-draft:", MAX_SIDE = 1600, QUALITY = 0.82;
  var store = null;
  try { store = window.localStorage; store.setItem(PREFIX + "t", "1"); store.removeItem(PREFIX + "t"); } catch (e) { store = null; }

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && el.type !== "file" && el.type !== "password" && el.type !== "submit";
    });
  }
  function save(form) {
    if (!store) return;
    var data = {};
    fields(form).forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") { if (el.checked) (data[el.name] = data[el.name] || []).push(el.value); }
      else data[el.name] = el.value;
    });
    try { store.setItem(PREFIX + form.dataset.draft, JSON.stringify(data)); } catch (e) { /* storage full */ }
  }
  function restore(form) {
    if (!store || form.querySelector(".st-error")) return; // the server's answer wins over the draft
    var raw = store.getItem(PREFIX + form.dataset.draft);
    if (!raw) return;
    var data; try { data = JSON.parse(raw); } catch (e) { return; }
    fields(form).forEach(function (el) {
      if (!(el.name in data)) return;
      if (el.type === "checkbox" || el.type === "radio") el.checked = data[el.name].indexOf(el.value) >= 0;
      else el.value = data[el.name];
    });
    form.querySelectorAll("details").forEach(function (d) { if (d.querySelector("textarea") && d.querySelector("textarea").value) d.open = true; });
  }

  function downscale(file) {
    return new Promise(function (resolve) {
      if (!/^image\/(jpeg|png|webp)$/.test(file.type) || !window.createImageBitmap || !HTMLCanvasElement.prototype.toBlob) return resolve(file);
      createImageBitmap(file).then(function (bitmap) {
        var scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
        if (scale === 1 && file.size < 1500000) return resolve(file);
        var canvas = document.createElement("canvas");
        canvas.width = Math.round(bitmap.width * scale); canvas.height = Math.round(bitmap.height * scale);
        canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
        canvas.toBlob(function (blob) {
          resolve(blob && blob.size < file.size ? new File([blob], file.name.replace(/\.\w+$/, "") + ".jpg", { type: "image/jpeg" }) : file);
        }, "image/jpeg", QUALITY);
      }, function () { resolve(file); });
    });
  }
  function shrinkPhotos(form) {
    var inputs = form.querySelectorAll("input[type=file]");
    if (!inputs.length || !window.DataTransfer || !window.Promise) return Promise.resolve();
    return Promise.all(Array.prototype.map.call(inputs, function (input) {
      if (!input.files.length) return null;
      return Promise.all(Array.prototype.map.call(input.files, downscale)).then(function (files) {
        try { var dt = new DataTransfer(); files.forEach(function (f) { dt.items.add(f); }); input.files = dt.files; } catch (e) { /* keep originals */ }
      });
    }));
  }

  function locate(form) {
    var box = form.querySelector("input[name=share_location]");
    var status = form.querySelector("[data-location-status]");
    if (!box || !navigator.geolocation) return;
    box.addEventListener("change", function () {
      if (!box.checked) { form.elements.latitude.value = ""; form.elements.longitude.value = ""; return; }
      if (status) { status.hidden = false; status.textContent = status.dataset.finding; }
      navigator.geolocation.getCurrentPosition(function (pos) {
        form.elements.latitude.value = pos.coords.latitude.toFixed(6);
        form.elements.longitude.value = pos.coords.longitude.toFixed(6);
        if (status) status.textContent = status.dataset.found;
      }, function () {
        if (status) status.textContent = status.dataset.failed;
      }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
    });
  }

  document.querySelectorAll("[data-draft-clear]").forEach(function (el) { if (store) store.removeItem(PREFIX + el.dataset.draftClear); });

  document.querySelectorAll("form[data-draft]").forEach(function (form) {
    restore(form);
    form.addEventListener("input", function () { save(form); });
    form.addEventListener("change", function () { save(form); });
    locate(form);
    var sending = false;
    form.addEventListener("submit", function (event) {
      save(form);
      if (sending) { event.preventDefault(); return; }
      sending = true;
      var button = form.querySelector("[data-once]");
      if (button) button.disabled = true;
      if (!form.querySelector("input[type=file]")) return;
      event.preventDefault();
      shrinkPhotos(form).then(function () { form.submit(); }, function () { form.submit(); });
      // A dropped connection leaves the page as it is: let the steward send again.
      setTimeout(function () { sending = false; if (button) button.disabled = false; }, 20000);
    });
  });

  document.querySelectorAll("input[data-filter]").forEach(function (input) {
    var list = document.querySelector(input.dataset.filter);
    if (!list) return;
    input.parentNode.hidden = false;
    input.addEventListener("input", function () {
      var q = input.value.trim().toLowerCase();
      list.querySelectorAll("label").forEach(function (label) {
        label.style.display = !q || label.textContent.toLowerCase().indexOf(q) >= 0 ? "" : "none";
      });
    });
  });
})();
