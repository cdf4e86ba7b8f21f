// Minimal chat page: posts to /chat and renders replies as text (never as HTML).
(function () {
  "use strict";
  var log = document.getElementById("log");
  var form = document.getElementById("form");
  var input = document.getElementById("message");

  function senderId() {
    var id = sessionStorage.getItem("edi-sender");
    if (!id) {
      id = "web-" + Array.from(crypto.getRandomValues(new Uint8Array(12)),
        function (b) { return b.toString(16).padStart(2, "0"); }).join("");
      sessionStorage.setItem("edi-sender", id);
    }
    return id;
  }

  function add(kind, text) {
    var div = document.createElement("div");
    div.className = "msg " + kind;
    div.textContent = text;
    log.appendChild(div);
    div.scrollIntoView({ block: "end" });
    return div;
  }

  function addButtons(buttons) {
    var row = document.createElement("div");
    row.className = "buttons";
    buttons.forEach(function (b) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = b.title;
      button.addEventListener("click", function () { send(b.payload || b.title, b.title); });
      row.appendChild(button);
    });
    log.appendChild(row);
  }

  function send(message, shown) {
    add("user", shown || message);
    fetch("/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: senderId(), message: message })
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      if (!result.ok) { add("error", result.data.error || "Noe gikk galt. Prøv igjen."); return; }
      if (!result.data.length) { add("bot", "Jeg har ikke noe svar på det. Prøv å spørre på en annen måte."); }
      result.data.forEach(function (reply) {
        if (reply.text) { add("bot", reply.text); }
        if (reply.buttons) { addButtons(reply.buttons); }
      });
    }).catch(function () {
      add("error", "Du er frakoblet, eller assistenten svarer ikke. Prøv igjen om litt.");
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) { return; }
    input.value = "";
    send(text);
  });
})();
