// closeknit's service worker. Version __VERSION__.
//
// What it keeps on the phone: the offline page (the same for everyone) and the static files it needs.
// What it never keeps: any page of ours or any API answer. A signed-in page can show a person's words,
// and a shared phone must hold none of them once that person has signed out or left through Exit.
// So pages go to the network every time, and only when the network is away does the offline page answer.
// Writes (POST and the rest) are not touched at all: the browser sends them exactly as without a worker.
"use strict";
var SHELL_CACHE = "closeknit-shell-__VERSION__";
var SHELL = {{ shell_json|safe }};
var OFFLINE = {{ offline_json|safe }};

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(SHELL_CACHE).then(function (cache) {
      // Asked for without cookies: the copy kept is the one a stranger would get.
      return Promise.all(SHELL.map(function (url) {
        return fetch(new Request(url, { credentials: "omit", cache: "no-store" })).then(function (response) {
          if (!response.ok) throw new Error("shell file " + url + " answered " + response.status);
          return cache.put(url, response);
        });
      }));
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("closeknit-") === 0 && name !== SHELL_CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () {
      if (self.registration.navigationPreload) return self.registration.navigationPreload.enable();
    }).then(function () { return self.clients.claim(); })
  );
});

function offlinePage() {
  return caches.open(SHELL_CACHE).then(function (cache) { return cache.match(OFFLINE); }).then(function (hit) {
    return hit || Response.error();
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    // Network first, always; nothing it answers is stored.
    event.respondWith(
      Promise.resolve(event.preloadResponse).then(function (preloaded) {
        return preloaded || fetch(request);
      }).catch(offlinePage)
    );
    return;
  }
  if (url.pathname.indexOf("/static/") === 0) {
    // Fresh from the network when there is one; the kept copy only while offline.
    event.respondWith(
      fetch(request).catch(function () {
        return caches.open(SHELL_CACHE).then(function (cache) {
          return cache.match(request, { ignoreSearch: true });
        }).then(function (hit) { return hit || Response.error(); });
      })
    );
  }
  // Everything else (the API, the manifest, this file) is left to the browser and never kept.
});
