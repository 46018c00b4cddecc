// closeknit on the home screen: installs the service worker (/sw.js), and keeps a check-in made offline.
//
// Online, the check-in form is left alone: the browser posts it as always, and the server runs the safety
// net and the coach. Only when the phone says it is offline does this script stop the post and keep the
// check-in on this phone (IndexedDB), for this person only, with a fresh Idempotency-Key. Once the phone
// is back online (the `online` event, or the next page that loads) it goes out once through the JSON API:
// a retry with the same key can never make a second check-in. Words for the partner are looked at by the
// coach first; if the coach would hold them, nothing is sent and the person is asked to open the check-in,
// where the kept answers are filled in and the usual save shows the coach's note at the field.
// The quick exit deletes what is kept here (static/js/app.js, and Clear-Site-Data from the server).
(function () {
  "use strict";
  var script = document.currentScript;
  var me = script ? script.getAttribute("data-person") || "" : "";
  var worker = script ? script.getAttribute("data-worker") : null;
  // Every word a person reads comes from the page, already in their language (data-say-* on this
  // script's tag in templates/base.html); English if one is missing. {partner} and {problem} are filled here.
  function words(name, english, fill) {
    var text = (script && script.getAttribute("data-say-" + name)) || english;
    Object.keys(fill || {}).forEach(function (key) { text = text.split("{" + key + "}").join(fill[key]); });
    return text;
  }
  function partnerOf(rec) { return rec.partner || words("your-partner", "your partner"); }
  var DB = "closeknit-outbox";
  var STORE = "checkins";
  var TO_PARTNER = ["appreciation", "need"];
  var HOLD_IN_THANKS = ["criticism", "contempt"]; // as closeknit/practices/flows/coach.py holds a thank-you
  var SCORES = ["emotional_closeness", "physical_closeness", "stress"];
  var TEXTS = ["appreciation", "need", "note"];
  var SAID = "closeknit-outbox-said"; // a line to show after Today is drawn again (the quick exit clears it)

  if (worker && "serviceWorker" in navigator) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register(worker, { scope: "/" }).catch(function () {});
    });
  }
  // On the offline page, coming back online shows the page the person asked for (or Today, when the
  // worker brought them here after keeping a check-in the network lost).
  if (document.querySelector("[data-offline-page]")) {
    var here = window.location.pathname;
    window.addEventListener("online", function () {
      if (here === "/offline/") window.location.replace("/");
      else window.location.reload();
    });
    if (/[?&]kept=1/.test(window.location.search)) {
      var kept = document.getElementById("offline-kept");
      if (kept) kept.hidden = false;
    }
  }
  // Logging out forgets what this phone kept for the person (a check-in not sent yet, the line to show):
  // a shared phone holds none of their words once they have signed out. The form waits for the delete,
  // briefly; the quick exit does the same in static/js/app.js.
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!form.hasAttribute || !form.hasAttribute("data-forget-phone") || form.getAttribute("data-forgotten")) return;
    ev.preventDefault();
    form.setAttribute("data-forgotten", "1");
    var sent = false;
    var send = function () { if (!sent) { sent = true; form.submit(); } };
    try { window.sessionStorage.removeItem(SAID); } catch (e) {}
    setTimeout(send, 800);
    try {
      var req = window.indexedDB.deleteDatabase(DB);
      req.onsuccess = req.onerror = req.onblocked = send;
    } catch (e) { send(); }
  });
  if (!me || !window.indexedDB || !window.fetch) return;

  // --- the store ------------------------------------------------------------------------------------
  function open() {
    return new Promise(function (resolve, reject) {
      var req = indexedDB.open(DB, 1);
      req.onupgradeneeded = function () { req.result.createObjectStore(STORE, { keyPath: "key" }); };
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }
  function run(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var out = work(tx.objectStore(STORE));
        tx.oncomplete = function () { db.close(); resolve(out && "result" in out ? out.result : undefined); };
        tx.onerror = tx.onabort = function () { db.close(); reject(tx.error); };
      });
    });
  }
  function mine() {
    return run("readonly", function (store) { return store.getAll(); }).then(function (all) {
      return (all || []).filter(function (rec) { return rec.person === me; });
    });
  }
  function put(rec) { return run("readwrite", function (store) { return store.put(rec); }); }
  function drop(key) { return run("readwrite", function (store) { return store.delete(key); }); }
  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }

  // --- what the person reads ------------------------------------------------------------------------
  function say(text, link, tone) {
    var box = document.getElementById("outbox-note");
    if (!box) {
      box = document.createElement("div");
      box.id = "outbox-note";
      box.setAttribute("role", "status");
      var main = document.getElementById("main") || document.body;
      main.insertBefore(box, main.firstChild);
    }
    box.className = "notice " + (tone || "warning");
    box.textContent = text + (link ? " " : "");
    if (link) {
      var a = document.createElement("a");
      a.href = link.href;
      a.textContent = link.text;
      a.id = "outbox-open";
      box.appendChild(a);
    }
    return box;
  }
  var OPEN_CHECKIN = { href: "/checkin/", text: words("open-checkin", "Open your check-in") };

  // --- keeping a check-in made offline ---------------------------------------------------------------
  function readForm(form, submitter) {
    var data = new FormData(form);
    var answers = { feelings: data.getAll("feelings") };
    SCORES.forEach(function (name) {
      var v = data.get(name);
      answers[name] = v === null || v === "" ? null : parseInt(v, 10);
    });
    TEXTS.forEach(function (name) { answers[name] = String(data.get(name) || ""); });
    answers.shared = form.hasAttribute("data-partner") ? data.getAll("shared") : [];
    var coachOk = false;
    if (submitter && submitter.name === "coach") {
      if (submitter.value === "send") coachOk = true;
      var field = submitter.getAttribute("data-coach-use");
      if (submitter.value === "use" && field) {
        var rewrite = String(data.get("rewrite_" + field) || "");
        if (rewrite.trim()) answers[field] = rewrite;
      }
    }
    return { answers: answers, coachOk: coachOk };
  }

  var form = document.getElementById("checkin-form");
  if (form) {
    // Whose check-in this is, for the worker, should the post be lost on the way (templates/webapp/sw.js).
    // The server reads only the fields it knows, so the post is otherwise the same.
    var whose = document.createElement("input");
    whose.type = "hidden";
    whose.name = "ck_person";
    whose.value = me;
    form.appendChild(whose);
    form.addEventListener("submit", function (ev) {
      var filledFrom = form.getAttribute("data-outbox-key");
      if (filledFrom && navigator.onLine !== false) {
        // The kept check-in, filled in by refill() below, is being saved the usual way now: it leaves the
        // phone first (a page being left may not finish deleting it), then the very same post goes ahead.
        ev.preventDefault();
        form.removeAttribute("data-outbox-key");
        var by = ev.submitter && ev.submitter.form === form ? ev.submitter : undefined;
        drop(filledFrom).catch(function () {}).then(function () { form.requestSubmit(by); });
        return;
      }
      if (navigator.onLine !== false) return; // online: the browser posts the form exactly as always
      ev.preventDefault();
      var read = readForm(form, ev.submitter);
      if (!read.answers.feelings.length) {
        say(words("pick-feeling", "Pick at least one word for how you feel, then save again."), null, "error");
        return;
      }
      mine().then(function (kept) {
        // One kept check-in per person: a newer save replaces the one still waiting, with a new key.
        return Promise.all(kept.map(function (rec) { return drop(rec.key); }));
      }).then(function () {
        return put({
          key: newKey(),
          person: me,
          partner: form.getAttribute("data-partner") || "",
          answers: read.answers,
          coachOk: read.coachOk,
          state: "waiting",
          keptAt: new Date().toISOString()
        });
      }).then(function () {
        var box = say(words("kept", "You're offline, so this check-in is kept on this phone for now. It goes out by itself once you're back online; you don't need to do anything."), null, "warning");
        box.scrollIntoView({ block: "center" });
      }, function () {
        say(words("keep-failed", "This phone would not let us keep the check-in while offline. Please save it again once you're back online."), null, "error");
      });
    });
  }

  // --- sending it once back online ------------------------------------------------------------------
  function csrf() {
    var m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (m) return decodeURIComponent(m[1]);
    try { return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || ""; } catch (e) { return ""; }
  }
  function api(method, url, body, key) {
    var headers = { "Content-Type": "application/json", "X-CSRFToken": csrf(), "Accept": "application/json" };
    if (key) headers["Idempotency-Key"] = key;
    return fetch(url, {
      method: method, headers: headers, credentials: "same-origin", cache: "no-store",
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (json) {
        return { status: response.status, body: json };
      });
    });
  }
  function coachHolds(rec) {
    if (rec.coachOk) return Promise.resolve(null);
    var fields = TO_PARTNER.filter(function (name) {
      return rec.answers.shared.indexOf(name) >= 0 && rec.answers[name].trim();
    });
    return fields.reduce(function (chain, name) {
      return chain.then(function (held) {
        if (held) return held;
        return api("POST", "/api/coach", { text: rec.answers[name] }).then(function (r) {
          if (r.status !== 200) throw new Error("coach " + r.status);
          var patterns = (r.body.cues || []).map(function (c) { return c.pattern; });
          var thanks = name === "appreciation";
          var hold = r.body.harsh && (!thanks || patterns.some(function (p) { return HOLD_IN_THANKS.indexOf(p) >= 0; }));
          return hold ? name : null;
        });
      });
    }, Promise.resolve(null));
  }
  function save(rec) {
    return api("POST", "/api/checkins", rec.answers, rec.key).then(function (r) {
      if (r.status !== 409 || r.body.code !== "already_checked_in") return r;
      // Already checked in today (on this phone earlier, or another): these newer answers change it,
      // as saving the form does.
      return api("GET", "/api/checkins/today").then(function (t) {
        if (t.status !== 200 || !t.body.mine) return r;
        return api("PUT", "/api/checkins/" + t.body.mine.id, rec.answers);
      });
    });
  }
  function sendOne(rec) {
    return coachHolds(rec).then(function (held) {
      if (held) {
        rec.state = "coach";
        return put(rec).then(function () {
          say(words("coach-held", "Your check-in from when you were offline is still on this phone: the coach has a note on your words for {partner}, and nothing is sent yet.",
              { partner: partnerOf(rec) }), OPEN_CHECKIN, "warning");
        });
      }
      return save(rec).then(function (r) {
        if (r.status === 200 || r.status === 201) {
          return drop(rec.key).then(function () {
            if (r.body.support && r.body.support.length) {
              say(words("saved-note", "Your check-in from when you were offline is saved now, and we left a note for you with it."),
                  { href: "/", text: words("open-today", "Open Today to read it") }, "warning");
            } else {
              var thanks = words("saved", "Your check-in from when you were offline is saved now. Thank you for checking in.");
              if (window.location.pathname === "/") {
                // Today was drawn before the check-in existed: draw it again, and say so there.
                try { sessionStorage.setItem(SAID, thanks); window.location.reload(); return; } catch (e) {}
              }
              say(thanks, null, "success");
            }
          });
        }
        if (r.status >= 400 && r.status < 500 && r.status !== 401 && r.status !== 403 && r.status !== 429) {
          rec.state = "review";
          rec.problem = r.body.detail || "";
          return put(rec).then(function () {
            say(words("not-saved", "We could not save your check-in from when you were offline.") + " " + (rec.problem || ""), OPEN_CHECKIN, "error");
          });
        }
        // Signed out, busy or away again: it stays waiting for the next time.
        throw new Error("not sent: " + r.status);
      });
    });
  }
  var sending = null;
  function flush() {
    if (navigator.onLine === false) return Promise.resolve();
    if (sending) return sending; // a second `online` event joins the send already under way
    sending = mine().then(function (kept) {
      return kept.filter(function (rec) { return rec.state === "waiting"; }).reduce(function (chain, rec) {
        return chain.then(function () { return sendOne(rec); });
      }, Promise.resolve());
    }).catch(function () {
      return mine().then(function (kept) {
        if (kept.some(function (rec) { return rec.state === "waiting"; })) {
          say(words("waiting-retry", "A check-in is waiting on this phone. It goes out by itself once the connection is back."), null, "warning");
        }
      }).catch(function () {});
    }).then(function () { sending = null; });
    return sending;
  }

  // On the check-in page, one the coach held (or the server refused) is filled back in for the usual save.
  function refill() {
    if (!form) return Promise.resolve();
    return mine().then(function (kept) {
      var rec = kept.filter(function (r) { return r.state === "coach" || r.state === "review"; })[0];
      if (!rec) return;
      var a = rec.answers;
      form.querySelectorAll("input[name=feelings]").forEach(function (box) { box.checked = a.feelings.indexOf(box.value) >= 0; });
      var more = document.getElementById("more-feelings");
      if (more && more.querySelector("input[name=feelings]:checked")) more.open = true;
      SCORES.forEach(function (name) {
        var value = a[name] === null || a[name] === undefined ? "" : String(a[name]);
        form.querySelectorAll("input[name=" + name + "]").forEach(function (r) { r.checked = r.value === value; });
      });
      TEXTS.forEach(function (name) { var t = form.querySelector("[name=" + name + "]"); if (t) t.value = a[name] || ""; });
      if (TEXTS.some(function (name) { return a[name]; })) {
        var texts = document.getElementById("checkin-texts");
        if (texts) texts.open = true;
      }
      form.querySelectorAll("input[name=shared]").forEach(function (box) { box.checked = a.shared.indexOf(box.value) >= 0; });
      form.setAttribute("data-outbox-key", rec.key);
      say(rec.state === "coach"
        ? words("refill-coach", "Here is the check-in you made while offline. The coach has a note on your words for {partner}: press save to see it. Nothing is sent yet.",
          { partner: partnerOf(rec) })
        : words("refill-review", "Here is the check-in you made while offline. {problem} Change what you need and save it.",
          { problem: rec.problem || "" }), null, "warning");
    }).catch(function () {});
  }

  try {
    var said = sessionStorage.getItem(SAID);
    if (said) { sessionStorage.removeItem(SAID); say(said, null, "success"); }
  } catch (e) {}
  window.addEventListener("online", flush);
  refill().then(function () {
    return mine().then(function (kept) {
      if (!kept.some(function (rec) { return rec.state === "waiting"; })) return;
      if (navigator.onLine === false) {
        say(words("waiting-offline", "A check-in is waiting on this phone. It goes out by itself once you're back online."), null, "warning");
      } else {
        flush();
      }
    });
  }).catch(function () {});
})();
