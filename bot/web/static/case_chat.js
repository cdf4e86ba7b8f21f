/* The case page's "Samtale med personen": new messages appear without a reload (every 3 s,
 * only while the page is visible). Text only (textContent); no personal data beyond the
 * masked messages the page already shows. */
(function () {
  "use strict";
  var list = document.getElementById("chat-messages");
  if (!list || !window.fetch) { return; }
  var url = list.getAttribute("data-messages");
  var after = parseInt(list.getAttribute("data-after"), 10) || 0;

  function add(m) {
    var item = document.createElement("li");
    item.setAttribute("data-id", String(m.id));
    var speaker = document.createElement("span");
    speaker.className = "speaker";
    speaker.textContent = m.label + (m.way !== "chat" ? " (" + m.way + ")" : "") + ":";
    item.appendChild(speaker);
    item.appendChild(document.createTextNode(" " + m.text));
    list.appendChild(item);
    var empty = document.getElementById("chat-empty");
    if (empty) { empty.parentNode.removeChild(empty); }
  }

  function poll() {
    if (document.hidden) { return; }
    fetch(url + "?after=" + after, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : { messages: [] }; })
      .then(function (body) {
        (body.messages || []).forEach(function (m) {
          if (m.id > after) { add(m); after = m.id; }
        });
      })
      .catch(function () { /* the next poll tries again */ });
  }
  setInterval(poll, 3000);
})();
