// closeknit's service worker. Version __VERSION__.
//
// What it keeps on the phone: the offline page (the same for everyone) and the static files it needs.
// What it never keeps: any page of ours or any API answer. A signed-in page can show a person's words,
// and a shared phone must hold none of them once that person has signed out or left through Exit.
// So pages go to the network every time, and only when the network is away does the offline page answer.
// Writes are passed on to the network untouched. One exception, only when that fails: a check-in form
// that could not reach us (the phone thought it was online) is kept on the phone, in the same place and
// shape as static/js/outbox.js keeps one, and that script sends it once the connection is back.
{% load static %}"use strict";
// Push notes (static/js/push-sw.js): its handlers join this worker, so one worker covers the whole site.
importScripts("{% static 'js/push-sw.js' %}");
var SHELL_CACHE = "closeknit-shell-__VERSION__";
var SHELL = {{ shell_json|safe }};
var OFFLINE = {{ offline_json|safe }};
var CHECKIN = {{ checkin_json|safe }};
var SCORES = ["emotional_closeness", "physical_closeness", "stress"];
var TEXTS = ["appreciation", "need", "note"];

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

function newKey() {
  if (self.crypto && crypto.randomUUID) return crypto.randomUUID();
  var bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
}

// The posted check-in form, kept for the person the page said it was (outbox.js adds `ck_person`).
function keepPosted(copy) {
  return copy.formData().then(function (data) {
    var person = String(data.get("ck_person") || "");
    if (!person) throw new Error("whose check-in is this?");
    var answers = { feelings: data.getAll("feelings"), shared: data.getAll("shared") };
    SCORES.forEach(function (name) {
      var v = data.get(name);
      answers[name] = v === null || v === "" ? null : parseInt(v, 10);
    });
    TEXTS.forEach(function (name) { answers[name] = String(data.get(name) || ""); });
    if (data.get("coach") === "use") {
      ["appreciation", "need"].forEach(function (name) {
        var rewrite = String(data.get("rewrite_" + name) || "");
        if (rewrite.trim()) answers[name] = rewrite;
      });
    }
    var record = {
      key: newKey(), person: person, partner: "", answers: answers, coachOk: data.get("coach") === "send",
      state: "waiting", keptAt: new Date().toISOString()
    };
    return new Promise(function (resolve, reject) {
      var req = indexedDB.open("closeknit-outbox", 1);
      req.onupgradeneeded = function () { req.result.createObjectStore("checkins", { keyPath: "key" }); };
      req.onerror = function () { reject(req.error); };
      req.onsuccess = function () {
        var db = req.result;
        var tx = db.transaction("checkins", "readwrite");
        var store = tx.objectStore("checkins");
        var all = store.getAll();
        all.onsuccess = function () {
          all.result.forEach(function (old) { if (old.person === person) store.delete(old.key); });
          store.put(record);
        };
        tx.oncomplete = function () { db.close(); resolve(); };
        tx.onerror = tx.onabort = function () { db.close(); reject(tx.error); };
      };
    });
  }).then(function () {
    return Response.redirect(new URL(OFFLINE + "?kept=1", self.location.origin).href, 303);
  }).catch(offlinePage);
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && request.mode === "navigate" && url.pathname === CHECKIN) {
    var copy = request.clone();
    event.respondWith(fetch(request).catch(function () { return keepPosted(copy); }));
    return;
  }
  if (request.method !== "GET") return;
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
