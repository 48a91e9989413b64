/* The service worker of the on-site checklist (docs/inspection.md, "Opened offline").

   Served at /inspection/visits/checklist-sw.js, so its scope is /inspection/visits/; within it,
   it answers ONLY the checklist pages (/inspection/visits/<visit>/checklist/) and the static files
   those pages use. Every other request, the visit pages among them, goes to the network as if
   there were no service worker, and nothing of them is stored.

   What it stores (Cache Storage, cache "needsfirst-checklist-v1"), after one online visit:
   - for each checklist page opened online, its OFFLINE SHELL (the page fetched with
     ?offline=shell): the visit's day, the ILO indicators, the partner organisations and a form
     token; no workplace name, no address, no worker, no count of earlier sendings;
   - the page's style sheet and scripts (same origin, /static/).
   The page asks for its shell to be kept once it is loaded online and has nothing left to send.
   A checklist page is always taken from the network first; the shell is served only when the
   network fails. The real page (with the workplace's name) is never stored. */
"use strict";

var CACHE = "needsfirst-checklist-v1";
var CHECKLIST = /^\/inspection\/visits\/[0-9a-f-]{36}\/checklist\/$/;
var ASSET = /(?:href|src)="(\/static\/[^"?#]+\.(?:css|js))"/g;

function isChecklist(url) {
  return url.origin === self.location.origin && CHECKLIST.test(url.pathname) && !url.search;
}

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("needsfirst-checklist-") === 0 && name !== CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

/* Store the shell of one checklist page and the static files it names. */
function keepShell(pageUrl) {
  var shellUrl = pageUrl + "?offline=shell";
  return fetch(shellUrl, { credentials: "same-origin", cache: "no-store" }).then(function (response) {
    if (!response.ok || response.redirected) { return null; }
    return response.clone().text().then(function (html) {
      var assets = [];
      var match;
      ASSET.lastIndex = 0;
      while ((match = ASSET.exec(html)) !== null) { assets.push(match[1]); }
      return caches.open(CACHE).then(function (cache) {
        return Promise.all([cache.put(pageUrl, response)].concat(assets.map(function (asset) {
          return fetch(asset, { credentials: "same-origin" }).then(function (file) {
            return file.ok ? cache.put(asset, file) : null;
          });
        })));
      });
    });
  }).then(function () { return notify(pageUrl); });
}

function notify(pageUrl) {
  return self.clients.matchAll({ type: "window" }).then(function (clients) {
    clients.forEach(function (client) { client.postMessage({ kept: pageUrl }); });
  });
}

self.addEventListener("message", function (event) {
  var url = new URL(event.data && event.data.keep || "", self.location.origin);
  if (isChecklist(url)) { event.waitUntil(keepShell(url.pathname)); }
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.mode === "navigate" && isChecklist(url)) {
    event.respondWith(
      fetch(request).catch(function () {
        return caches.open(CACHE).then(function (cache) {
          return cache.match(url.pathname).then(function (kept) {
            return kept || Response.error();
          });
        });
      })
    );
    return;
  }
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(
      fetch(request).catch(function () {
        return caches.open(CACHE).then(function (cache) {
          return cache.match(url.pathname).then(function (kept) { return kept || Response.error(); });
        });
      })
    );
  }
  /* anything else: not answered here, so the browser goes to the network and stores nothing */
});
