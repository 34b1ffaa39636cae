// Live sessions: keeps a participant's page and the facilitator's console current.
// Optional, like every script here: without it the page's "Vernieuwen" link does the same.
// Every POLL ms it asks the page's state URL for the session's version (one cheap read);
// when the answer carries a new key, it fetches the page again and swaps the parts marked
// data-live-part, keeps the polite live region outside them, says what changed there and,
// at a new scene, puts the focus on the new heading. A part holding a text field the user
// is typing in is left alone until they leave it.
(function () {
  "use strict";
  var root = document.querySelector("[data-live]");
  if (!root || !window.fetch || !window.DOMParser) {
    return;
  }
  var announce = document.getElementById("live-announce");
  var wait = parseInt(root.getAttribute("data-poll"), 10) || 1000;
  var busy = false;
  var stopped = false;

  function typing(part) {
    var el = document.activeElement;
    return el && part.contains(el) && (el.tagName === "TEXTAREA" ||
      (el.tagName === "INPUT" && (el.type === "text" || el.type === "search")));
  }

  function attr(doc, selector, name) {
    var el = doc.querySelector(selector);
    return el ? el.getAttribute(name) : null;
  }

  function swap(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var fresh = doc.querySelector("[data-live]");
    if (!fresh) {
      window.location.reload();
      return;
    }
    var oldFocus = attr(document, "[data-focus-key]", "data-focus-key");
    var oldSay = attr(document, "[data-announce]", "data-announce");
    var kept = false;
    document.querySelectorAll("[data-live-part]").forEach(function (part) {
      var next = part.id ? doc.getElementById(part.id) : null;
      if (!next) {
        return;
      }
      if (typing(part)) {
        kept = true;
        return;
      }
      part.replaceWith(document.importNode(next, true));
    });
    if (!kept) {  // else ask again next time, to swap the part once the user leaves it
      root.setAttribute("data-key", fresh.getAttribute("data-key"));
      root.setAttribute("data-version", fresh.getAttribute("data-version"));
    }
    document.title = doc.title;
    var say = attr(document, "[data-announce]", "data-announce");
    if (announce && say && say !== oldSay) {
      announce.textContent = say;
    }
    var focus = attr(document, "[data-focus-key]", "data-focus-key");
    if (focus !== oldFocus && !kept) {
      var heading = document.getElementById("scene-title");
      if (heading) {
        heading.focus();
      }
    }
  }

  function tick() {
    if (stopped || busy) {
      return;
    }
    busy = true;
    var since = root.getAttribute("data-version") || "0";
    var url = root.getAttribute("data-state-url") + "?since=" + encodeURIComponent(since);
    fetch(url, { credentials: "same-origin", cache: "no-store" })
      .then(function (answer) {
        if (answer.status === 409) {
          stopped = true;  // the seat went elsewhere: the page says so
          window.location.reload();
          return null;
        }
        var type = answer.headers.get("content-type") || "";
        return answer.ok && type.indexOf("json") >= 0 ? answer.json() : null;
      })
      .then(function (state) {
        if (!state) {
          return null;
        }
        if (state.key && state.key !== root.getAttribute("data-key")) {
          return fetch(root.getAttribute("data-page-url"), {
            credentials: "same-origin", cache: "no-store"
          }).then(function (page) {
            return page.ok ? page.text().then(swap) : null;
          });
        }
        if (state.version) {
          root.setAttribute("data-version", String(state.version));
        }
        return null;
      })
      .catch(function () { return null; })
      .then(function () {
        busy = false;
        window.setTimeout(tick, document.hidden ? wait * 4 : wait);
      });
  }

  window.setTimeout(tick, wait);
})();
