/* closeknit's push handlers. They work as a service worker on their own, and inside the app's service
   worker through importScripts("/static/js/push-sw.js"). They add no install, activate or fetch handler,
   so they never clash with the worker that imports them.
   A push carries only {kind, title, body, url} in our words; the page to open is a path on this site. */
(function () {
  "use strict";

  function safePath(url) {
    return typeof url === "string" && url.charAt(0) === "/" && url.charAt(1) !== "/" ? url : "/";
  }

  self.addEventListener("push", function (event) {
    var data = {};
    try {
      data = event.data ? event.data.json() : {};
    } catch (e) {
      data = {};
    }
    var title = typeof data.title === "string" && data.title ? data.title : "closeknit";
    event.waitUntil(
      self.registration.showNotification(title, {
        body: typeof data.body === "string" ? data.body : "",
        tag: typeof data.kind === "string" ? data.kind : "closeknit",
        data: { url: safePath(data.url) },
      })
    );
  });

  self.addEventListener("notificationclick", function (event) {
    event.notification.close();
    var path = safePath(event.notification.data && event.notification.data.url);
    var url = new URL(path, self.location.origin).href;
    event.waitUntil(
      self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (windows) {
        for (var i = 0; i < windows.length; i++) {
          if (windows[i].url === url && "focus" in windows[i]) return windows[i].focus();
        }
        return self.clients.openWindow(url);
      })
    );
  });
})();
