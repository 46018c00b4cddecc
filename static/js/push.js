/* The notifications page: ask the browser for permission only after the person taps "Turn on
   notifications", subscribe with our public VAPID key, and hand the subscription to our server.
   The worker comes from #push-device's data-worker (push-sw.js alone, or the app's worker that
   imports it). Without support, the buttons stay hidden and email goes on. */
(function () {
  "use strict";
  var box = document.getElementById("push-device");
  if (!box) return;
  var on = document.getElementById("push-on");
  var off = document.getElementById("push-off");
  var status = document.getElementById("push-status");
  // The page hands over its words in the person's language (data-say-*); English if one is missing.
  function words(name, english) { return box.getAttribute("data-say-" + name) || english; }
  if (!("serviceWorker" in navigator && "PushManager" in window && "Notification" in window)) {
    status.textContent = words("unsupported", "This browser can't show notifications, so notes keep coming by email.");
    return;
  }

  function say(text) {
    status.textContent = text;
  }
  // Only our own sentences reach the page: a browser's error text is neither ours nor always clear.
  function Ours(message) {
    this.message = message;
  }
  function show(subscribed) {
    // The wrappers carry `hidden`: a styled button would override it on the button itself.
    on.parentNode.hidden = subscribed;
    off.parentNode.hidden = !subscribed;
  }
  function csrf() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  function keyBytes(b64) {
    var s = (b64 + "===".slice((b64.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(s);
    var out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }
  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
      body: JSON.stringify(body),
    }).then(function (r) {
      return r.json().then(function (data) {
        if (!r.ok) throw new Ours(data.error || words("error", "Something went wrong. Please try again."));
        return data;
      });
    });
  }
  function registration() {
    return navigator.serviceWorker.register(box.dataset.worker).then(function (reg) {
      if (reg.active) return reg;
      return new Promise(function (resolve) {
        var worker = reg.installing || reg.waiting;
        worker.addEventListener("statechange", function () {
          if (worker.state === "activated") resolve(reg);
        });
      });
    });
  }
  function existing() {
    return navigator.serviceWorker.getRegistration(box.dataset.worker).then(function (reg) {
      return reg ? reg.pushManager.getSubscription() : null;
    });
  }

  existing().then(function (sub) {
    show(!!sub && Notification.permission === "granted");
  }, function () {
    show(false);
  });

  on.addEventListener("click", function () {
    on.disabled = true;
    Notification.requestPermission()
      .then(function (answer) {
        if (answer !== "granted") {
          throw new Ours(words("blocked", "Notifications are blocked for this site in your browser's settings. Notes keep coming by email."));
        }
        return registration();
      })
      .then(function (reg) {
        return reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(box.dataset.key) });
      })
      .then(function (sub) {
        return post(box.dataset.subscribe, sub.toJSON());
      })
      .then(function () {
        show(true);
        say(words("on", "Notifications are on for this phone. Choose below what may come."));
      })
      .catch(function (err) {
        say(err instanceof Ours ? err.message : words("failed-on", "This browser could not turn on notifications. Notes keep coming by email."));
      })
      .then(function () {
        on.disabled = false;
      });
  });

  off.addEventListener("click", function () {
    off.disabled = true;
    existing()
      .then(function (sub) {
        if (!sub) return null;
        return post(box.dataset.unsubscribe, { endpoint: sub.endpoint }).then(function () {
          return sub.unsubscribe();
        });
      })
      .then(function () {
        show(false);
        say(words("off", "Notifications are off for this phone. Notes come by email."));
      })
      .catch(function (err) {
        say(err instanceof Ours ? err.message : words("failed-off", "We could not turn off notifications. Please try again."));
      })
      .then(function () {
        off.disabled = false;
      });
  });
})();
