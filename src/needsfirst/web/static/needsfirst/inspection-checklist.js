/* The on-site checklist (inspection/checklist.html): keeps each sending on the device until the
   server acknowledges it, and sends again when the connection returns.

   What is stored on the device: in localStorage, under a key naming the visit, the sendings not
   yet acknowledged: each a random identifier, worker labels ("Worker 2", never a name), ILO
   indicator codes, yes/no consent and the partner organisation's identifier. No name, no note,
   no free text. A sending is removed as soon as the server answers it (stored, or already
   stored: a replay is recognised by its identifier and not stored twice). */
(function () {
  "use strict";
  var form = document.getElementById("checklist");
  if (!form) { return; }
  var key = form.dataset.storeKey;
  var status = document.getElementById("checklist-status");
  var sending = false;
  var keepShell = function () {};

  function queue() {
    try { return JSON.parse(window.localStorage.getItem(key) || "[]"); } catch (e) { return []; }
  }
  function save(items) {
    if (items.length) { window.localStorage.setItem(key, JSON.stringify(items)); }
    else { window.localStorage.removeItem(key); }
  }
  function say(name, extra) {
    status.textContent = status.dataset[name] + (extra ? " " + extra : "");
    status.dataset.state = name;
  }
  function identifier() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 15) | 64;
    bytes[8] = (bytes[8] & 63) | 128;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }
  function collect() {
    var workers = [];
    form.querySelectorAll("fieldset[data-worker]").forEach(function (block) {
      if (!block.querySelector("[name=interviewed]").checked) { return; }
      var indicators = [];
      block.querySelectorAll("[name=indicator]:checked").forEach(function (box) { indicators.push(box.value); });
      var consent = block.querySelector("[name=consent]").checked;
      workers.push({
        label: block.querySelector("[name=label]").value.trim(),
        indicators: indicators,
        consent: consent,
        partner: consent ? block.querySelector("[name=partner]").value : ""
      });
    });
    return workers;
  }
  function drop(submission) {
    save(queue().filter(function (item) { return item.submission !== submission; }));
  }
  function flush() {
    var items = queue();
    if (!items.length || sending) { return; }
    sending = true;
    var item = items[0];
    window.fetch(form.dataset.sendUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        "X-CSRFToken": form.querySelector("[name=csrfmiddlewaretoken]").value
      },
      body: JSON.stringify(item)
    }).then(function (response) {
      return response.json().then(function (data) { return { status: response.status, data: data }; });
    }).then(function (answer) {
      sending = false;
      if (answer.status === 200 || answer.status === 201) {
        drop(item.submission);
        say("sent");
        if (queue().length) { flush(); } else { keepShell(); }
      } else if (answer.status === 400) {
        drop(item.submission);
        say("refused", answer.data.field + ": " + answer.data.error);
      } else {
        say("waiting");
      }
    }).catch(function () {
      sending = false;
      say("waiting");
    });
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var workers = collect();
    if (!workers.length) { say("empty"); return; }
    var items = queue();
    items.push({ submission: identifier(), workers: workers });
    save(items);
    say(window.navigator.onLine ? "sending" : "waiting");
    flush();
  });
  window.addEventListener("online", flush);
  if (queue().length) { say("waiting"); flush(); }

  /* The service worker keeps this page's offline shell so that it can be opened again without
     a connection (see inspection-checklist-sw.js). The page says when it is kept. */
  var offline = document.getElementById("checklist-offline");
  if (form.dataset.swUrl && "serviceWorker" in window.navigator) {
    window.navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.kept === window.location.pathname && offline) {
        offline.dataset.state = "kept";
        offline.textContent = offline.dataset.kept;
      }
    });
    window.navigator.serviceWorker.register(form.dataset.swUrl, { scope: form.dataset.swScope })
      .then(function () { return window.navigator.serviceWorker.ready; })
      .then(function (registration) {
        /* asked once the page has nothing left to send, so the two never race */
        keepShell = function () {
          if (window.navigator.onLine && registration.active && !form.dataset.shell) {
            registration.active.postMessage({ keep: window.location.pathname });
          }
        };
        if (!queue().length) { keepShell(); }
      })
      .catch(function () { /* no service worker: the page still works while it stays open */ });
  }
  if (form.dataset.shell && offline) {
    offline.dataset.state = "shell";
    offline.textContent = offline.dataset.shellText;
  }
}());
