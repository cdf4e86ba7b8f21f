/*
 * Én dør inn – chat widget. Embed with one tag (see README, "Widget"):
 *   <script src="https://SERVER/static/widget/widget.js" data-server="https://SERVER" defer></script>
 * Optional data- attributes: data-socket (URL of Rasa's socket.io, or "off" for REST only),
 * data-title, data-launcher-text, data-position ("right" | "left"), data-open ("true").
 *
 * Talks to Rasa over socket.io (session_request, then {message, session_id}); falls back to
 * the web app's POST /chat. The conversation lives in sessionStorage (this tab only).
 * Safety: message text is only ever set with textContent; links are built as elements and
 * only for http/https. No cookies, no tracking, nothing loaded from other servers.
 */
(function () {
  "use strict";

  if (window.__ediWidgetLoaded) { return; }
  window.__ediWidgetLoaded = true;

  var script = document.currentScript;
  var data = (script && script.dataset) || {};
  var scriptOrigin = script && script.src ? new URL(script.src, location.href).origin : location.origin;
  var server = (data.server || scriptOrigin).replace(/\/+$/, "");
  var options = {
    title: data.title || "Én dør inn",
    launcherText: data.launcherText || "Chat med oss",
    socket: data.socket || "",
    position: data.position === "left" ? "left" : "right",
    open: data.open === "true"
  };

  var KEYS = {
    session: "edi-widget-session",
    history: "edi-widget-history",
    votes: "edi-widget-votes",
    open: "edi-widget-open",
    lang: "edi-widget-lang",
    live: "edi-widget-live"
  };
  var MAX_HISTORY = 300;
  var REPLY_TIMEOUT_MS = 20000;
  var SMALL_SCREEN = "(max-width: 40em), (max-height: 30em)";
  var URL_IN_TEXT = /https?:\/\/[^\s<>"']+/g;

  // The widget's own words in Norwegian (T_NB) and English (T_EN); the header's language
  // switch picks one and tells the assistant (/set_language), which then answers in it too.
  var T_NB = {
    switchTo: "English",
    switchLabel: "Bytt til engelsk (English)",
    subtitle: "Automatisk assistent",
    close: "Lukk chatten",
    note: "Dette er en automatisk assistent, ikke et menneske. Ikke skriv fødselsnummer eller opplysninger om helsen din.",
    privacy: "Les om personvern",
    logLabel: "Samtalen",
    inputLabel: "Skriv meldingen din",
    placeholder: "Skriv et spørsmål …",
    send: "Send",
    typing: "Assistenten skriver",
    you: "Du: ",
    bot: "Assistenten: ",
    welcome: "Hei! Jeg svarer på spørsmål om tiltak for unge og arbeidsgivere i Kristiansand. Hva lurer du på?",
    suggestions: ["Hva er Jobbskolen?", "Jeg er arbeidsgiver", "Snakk med en person"],
    choices: "Svaralternativer",
    youCanChoose: "Du kan velge: ",
    helpful: "Var svaret nyttig?",
    voteUp: "Nyttig svar",
    voteDown: "Ikke nyttig svar",
    thanksVote: "Takk for tilbakemeldingen.",
    rateOpen: "Gi vurdering",
    rateLegend: "Hvor fornøyd er du med samtalen?",
    rateHint: "1 er svært misfornøyd, 5 er svært fornøyd.",
    rateSend: "Send vurdering",
    rateThanks: "Takk! Vurderingen er lagret.",
    rateChoose: "Velg et tall fra 1 til 5.",
    cancel: "Avbryt",
    deleteOpen: "Slett samtalen",
    deleteQuestion: "Vil du slette hele samtalen? Den slettes fra serveren og kan ikke hentes tilbake.",
    deleteYes: "Ja, slett samtalen",
    deleteFresh: "Du kan starte en ny samtale nå.",
    deleteFailed: "Samtalen ble ikke slettet. Prøv igjen om litt.",
    newTab: " (åpnes i ny fane)",
    why: "Hvorfor: ",
    offline: "Du er ikke på nett. Meldinger kan ikke sendes før nettet er tilbake.",
    reconnecting: "Mistet forbindelsen. Prøver å koble til igjen …",
    reconnected: "Tilkoblet igjen.",
    notSent: "Meldingen ble ikke sendt. Sjekk nettet, og prøv igjen.",
    noAnswer: "Assistenten svarer ikke akkurat nå. Prøv igjen om litt.",
    failed: "Noe gikk galt. Prøv igjen om litt.",
    empty: "Jeg har ikke noe svar på det. Prøv å spørre på en annen måte.",
    personWrites: "{label} skriver med deg nå. Assistenten svarer ikke så lenge.",
    personBanner: "Du skriver med {label}",
    personWaiting: "Meldingen er sendt til {label}. Du får svar her eller på e-post eller SMS.",
    reopened: "Du har åpnet svaret fra {label}. Skriv her for å svare.",
    personHas: "{label} har saken din. Det du skriver her, går til {label}.",
    assistantAgain: "Nå svarer assistenten igjen.",
    badLink: "Lenken er utløpt eller ugyldig. Du kan starte en ny samtale her.",
    someone: "veilederen"
  };
  var T_EN = {
    switchTo: "Norsk",
    switchLabel: "Switch to Norwegian (norsk)",
    subtitle: "Automated assistant",
    close: "Close the chat",
    note: "This is an automated assistant, not a person. Do not write your national ID number or anything about your health.",
    privacy: "Read about privacy",
    logLabel: "The conversation",
    inputLabel: "Write your message",
    placeholder: "Write a question …",
    send: "Send",
    typing: "The assistant is typing",
    you: "You: ",
    bot: "Assistant: ",
    welcome: "Hi! I answer questions about schemes for young people and employers in Kristiansand. What would you like to know?",
    suggestions: ["What is Jobbskolen?", "I am an employer", "Talk to a person"],
    choices: "Answer options",
    youCanChoose: "You can choose: ",
    helpful: "Was the answer useful?",
    voteUp: "Useful answer",
    voteDown: "Not a useful answer",
    thanksVote: "Thank you for the feedback.",
    rateOpen: "Rate the chat",
    rateLegend: "How satisfied are you with the conversation?",
    rateHint: "1 is very dissatisfied, 5 is very satisfied.",
    rateSend: "Send rating",
    rateThanks: "Thank you! The rating is saved.",
    rateChoose: "Choose a number from 1 to 5.",
    cancel: "Cancel",
    deleteOpen: "Delete the conversation",
    deleteQuestion: "Do you want to delete the whole conversation? It is deleted from the server and cannot be restored.",
    deleteYes: "Yes, delete the conversation",
    deleteFresh: "You can start a new conversation now.",
    deleteFailed: "The conversation was not deleted. Please try again in a little while.",
    newTab: " (opens in a new tab)",
    why: "Why: ",
    offline: "You are offline. Messages cannot be sent until the connection is back.",
    reconnecting: "Lost the connection. Trying to reconnect …",
    reconnected: "Connected again.",
    notSent: "The message was not sent. Check your connection and try again.",
    noAnswer: "The assistant is not answering right now. Please try again in a little while.",
    failed: "Something went wrong. Please try again in a little while.",
    empty: "I have no answer to that. Try asking in another way.",
    personWrites: "{label} is writing with you now. The assistant does not answer meanwhile.",
    personBanner: "You are writing with {label}",
    personWaiting: "The message is sent to {label}. You will get an answer here or by e-mail or SMS.",
    reopened: "You opened the answer from {label}. Write here to answer.",
    personHas: "{label} has your case. What you write here goes to {label}.",
    assistantAgain: "The assistant is answering again.",
    badLink: "The link has expired or is not valid. You can start a new conversation here.",
    someone: "the advisor"
  };
  var TEXTS = { nb: T_NB, en: T_EN };
  var SWITCH_PAYLOAD = { nb: '/set_language{"language": "nb"}', en: '/set_language{"language": "en"}' };

  // ---------------------------------------------------------------- storage (this tab only)
  function load(key, fallback) {
    try {
      var value = sessionStorage.getItem(key);
      return value === null ? fallback : JSON.parse(value);
    } catch (e) { return fallback; }
  }
  function store(key, value) {
    try { sessionStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* full or off */ }
  }
  function newSessionId() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
  }

  var sessionId = load(KEYS.session, null);
  if (typeof sessionId !== "string" || !/^[0-9a-f]{32}$/.test(sessionId)) {
    sessionId = newSessionId();
    store(KEYS.session, sessionId);
  }
  var history = load(KEYS.history, []);
  if (!Array.isArray(history)) { history = []; }
  var votes = load(KEYS.votes, {});
  if (!votes || typeof votes !== "object") { votes = {}; }
  var lang = load(KEYS.lang, "nb");
  if (!TEXTS[lang]) { lang = "nb"; }
  var T = TEXTS[lang];
  var turnCount = 0;
  var maxChars = 1000;
  // Who answers: null (the assistant) or {state: "start"|"waiting", label: "Veileder Kari"}.
  var live = load(KEYS.live, null);
  if (!live || typeof live !== "object" || typeof live.label !== "string") { live = null; }
  function fill(text, label) { return text.replace("{label}", label || T.someone); }

  // ---------------------------------------------------------------- DOM helpers
  var uid = 0;
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function nextId(prefix) { uid += 1; return "edi-" + prefix + "-" + uid; }
  function button(className, text) {
    var b = el("button", className, text);
    b.type = "button";
    return b;
  }
  function hiddenText(text) { return el("span", "edi-vh", text); }

  var SVG_NS = "http://www.w3.org/2000/svg";
  function icon(kind) {
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "20");
    svg.setAttribute("height", "20");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var path = document.createElementNS(SVG_NS, "path");
    var paths = {
      chat: "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z",
      close: "M6 6l12 12M18 6L6 18",
      thumb: "M2 10h4v11H2zM8 10l4-7c1.6 0 2.6 1.2 2.2 3L13.5 10H20a2 2 0 0 1 1.9 2.5l-2 7A2 2 0 0 1 18 21H8z"
    };
    path.setAttribute("d", paths[kind === "up" || kind === "down" ? "thumb" : kind]);
    if (kind === "close") {
      path.setAttribute("fill", "none");
      path.setAttribute("stroke", "currentColor");
      path.setAttribute("stroke-width", "2.5");
      path.setAttribute("stroke-linecap", "round");
    } else {
      path.setAttribute("fill", "currentColor");
    }
    if (kind === "down") { path.setAttribute("transform", "rotate(180 12 12)"); }
    svg.appendChild(path);
    return svg;
  }

  /** Text with http/https links as real links; everything else as plain text. */
  function appendText(parent, text) {
    var last = 0;
    String(text).replace(URL_IN_TEXT, function (match, offset) {
      var href = match.replace(/[.,;:!?)\]]+$/, "");
      var url = null;
      try { url = new URL(href); } catch (e) { url = null; }
      if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) { return match; }
      parent.appendChild(document.createTextNode(text.slice(last, offset)));
      var a = el("a", "edi-link", href);
      a.href = url.href;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      a.appendChild(hiddenText(T.newTab));
      parent.appendChild(a);
      last = offset + href.length;
      return match;
    });
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  // ---------------------------------------------------------------- the widget's elements
  var root = el("div", "edi-widget edi-" + options.position);
  root.lang = lang;
  root.setAttribute("data-edi-widget", "");
  root.setAttribute("data-connection", "rest"); // "socket" once Rasa confirmed the session

  var launcher = button("edi-launcher");
  launcher.id = "edi-launcher";
  launcher.setAttribute("aria-expanded", "false");
  launcher.setAttribute("aria-controls", "edi-panel");
  launcher.appendChild(icon("chat"));
  launcher.appendChild(el("span", "edi-launcher-text", options.launcherText));

  var panel = el("section", "edi-panel");
  panel.id = "edi-panel";
  panel.hidden = true;
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-labelledby", "edi-title");
  panel.setAttribute("aria-describedby", "edi-note");

  var header = el("div", "edi-header");
  var titles = el("div", "edi-titles");
  var title = el("h2", "edi-title", options.title);
  title.id = "edi-title";
  titles.appendChild(title);
  var subtitle = el("p", "edi-subtitle", T.subtitle);
  titles.appendChild(subtitle);
  var langButton = button("edi-lang", T.switchTo);
  var closeButton = button("edi-close");
  closeButton.appendChild(icon("close"));
  header.appendChild(titles);
  header.appendChild(langButton);
  header.appendChild(closeButton);

  var note = el("p", "edi-note");
  note.id = "edi-note";
  var noteText = document.createTextNode(T.note + " ");
  note.appendChild(noteText);
  var privacy = el("a", "edi-link", T.privacy);
  privacy.href = server + "/personvern";
  note.appendChild(privacy);

  var log = el("div", "edi-log");
  log.setAttribute("role", "log");
  log.setAttribute("aria-label", T.logLabel);
  // New messages are read out through `announcer`, once and without the buttons.
  log.setAttribute("aria-live", "off");
  log.tabIndex = 0;

  var announcer = el("div", "edi-vh");
  announcer.setAttribute("aria-live", "polite");
  announcer.setAttribute("aria-relevant", "additions text");
  announcer.className = "edi-vh edi-announcer";

  var typing = el("p", "edi-typing");
  typing.hidden = true;
  typing.setAttribute("aria-hidden", "true");
  typing.appendChild(el("span", "edi-dots"));
  var typingText = document.createTextNode(T.typing);
  typing.appendChild(typingText);

  // Shown while a person (not the assistant) has the conversation.
  var liveBanner = el("p", "edi-live");
  liveBanner.setAttribute("role", "status");
  liveBanner.hidden = true;

  var status = el("p", "edi-status");
  status.setAttribute("role", "status");
  status.hidden = true;

  var extra = el("div", "edi-extra");

  var form = el("form", "edi-composer");
  form.noValidate = true;
  var inputId = nextId("input");
  var label = el("label", "edi-vh", T.inputLabel);
  label.htmlFor = inputId;
  var input = el("input", "edi-input");
  input.id = inputId;
  input.type = "text";
  input.name = "message";
  input.autocomplete = "off";
  input.maxLength = maxChars;
  input.placeholder = T.placeholder;
  var sendButton = el("button", "edi-send", T.send);
  sendButton.type = "submit";
  form.appendChild(label);
  form.appendChild(input);
  form.appendChild(sendButton);

  var tools = el("div", "edi-tools");
  var rateButton = button("edi-tool", T.rateOpen);
  var deleteButton = button("edi-tool", T.deleteOpen);
  tools.appendChild(rateButton);
  tools.appendChild(deleteButton);

  /** Put the widget's own words in the chosen language (messages keep the words they had). */
  function applyTexts() {
    root.lang = lang;
    showLiveBanner(); // the subtitle: the assistant, or the person who writes now
    langButton.textContent = T.switchTo;
    langButton.lang = lang === "en" ? "nb" : "en";
    langButton.setAttribute("aria-label", T.switchLabel);
    closeButton.setAttribute("aria-label", T.close);
    noteText.textContent = T.note + " ";
    privacy.textContent = T.privacy;
    log.setAttribute("aria-label", T.logLabel);
    typingText.textContent = T.typing;
    label.textContent = T.inputLabel;
    input.placeholder = T.placeholder;
    sendButton.textContent = T.send;
    rateButton.textContent = T.rateOpen;
    deleteButton.textContent = T.deleteOpen;
  }
  applyTexts();

  [header, note, liveBanner, log, typing, status, extra, form, tools, announcer].forEach(function (node) {
    panel.appendChild(node);
  });
  root.appendChild(launcher);
  root.appendChild(panel);

  // ---------------------------------------------------------------- announcing
  function announce(text) {
    var line = el("p", null, text);
    announcer.appendChild(line);
    while (announcer.childNodes.length > 6) { announcer.removeChild(announcer.firstChild); }
  }

  var statusTimer = null;
  function setStatus(text, kind, clearAfterMs) {
    clearTimeout(statusTimer);
    status.textContent = text || "";
    status.hidden = !text;
    status.className = "edi-status" + (kind ? " edi-status-" + kind : "");
    if (text && clearAfterMs) {
      statusTimer = setTimeout(function () { setStatus(""); }, clearAfterMs);
    }
  }

  function scrollToEnd() { log.scrollTop = log.scrollHeight; }

  // ---------------------------------------------------------------- rendering
  function removeQuickReplies() {
    Array.prototype.forEach.call(log.querySelectorAll(".edi-quick"), function (row) {
      row.parentNode.removeChild(row);
    });
  }

  function quickReplies(buttons) {
    var row = el("div", "edi-quick");
    row.setAttribute("role", "group");
    row.setAttribute("aria-label", T.choices);
    buttons.forEach(function (b) {
      var choice = button("edi-choice", b.title);
      choice.addEventListener("click", function () {
        input.focus();
        send(b.payload || b.title, b.title);
      });
      row.appendChild(choice);
    });
    return row;
  }

  function renderUser(entry) {
    var row = el("div", "edi-row edi-row-user");
    var bubble = el("p", "edi-msg edi-user");
    bubble.appendChild(hiddenText(T.you));
    bubble.appendChild(document.createTextNode(entry.text));
    row.appendChild(bubble);
    log.appendChild(row);
  }

  function renderNotice(entry) {
    var notice = el("p", "edi-notice edi-notice-" + (entry.kind || "info"));
    appendText(notice, entry.text);
    log.appendChild(notice);
    return notice;
  }

  function renderWelcome() {
    var row = el("div", "edi-row edi-row-bot edi-welcome");
    var bubble = el("p", "edi-msg edi-bot", T.welcome);
    row.appendChild(bubble);
    log.appendChild(row);
    if (!history.length) {
      log.appendChild(quickReplies(T.suggestions.map(function (s) { return { title: s, payload: s }; })));
    }
  }

  function voteButtons(turnId) {
    var group = el("div", "edi-feedback");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", T.helpful);
    [["up", T.voteUp], ["down", T.voteDown]].forEach(function (pair) {
      var b = button("edi-vote edi-vote-" + pair[0]);
      b.title = pair[1];
      b.setAttribute("aria-pressed", votes[turnId] === pair[0] ? "true" : "false");
      b.appendChild(icon(pair[0]));
      b.appendChild(hiddenText(pair[1]));
      b.addEventListener("click", function () { vote(turnId, pair[0], group); });
      group.appendChild(b);
    });
    return group;
  }

  function turnElement(turnId) {
    var last = log.lastElementChild;
    while (last && last.classList.contains("edi-quick")) { last = last.previousElementSibling; }
    if (last && last.getAttribute("data-turn") === turnId) { return last; }
    var turn = el("div", "edi-row edi-row-bot edi-turn");
    turn.setAttribute("data-turn", turnId);
    turn.appendChild(el("div", "edi-bot-msgs"));
    turn.appendChild(voteButtons(turnId));
    log.appendChild(turn);
    return turn;
  }

  function card(item) {
    var li = el("li", "edi-card");
    li.appendChild(el("h3", "edi-card-title", item.name));
    var summary = el("p", "edi-card-summary");
    appendText(summary, item.summary);
    li.appendChild(summary);
    if (item.reason) {
      var reason = el("p", "edi-card-reason");
      reason.appendChild(el("span", "edi-card-why", T.why));
      reason.appendChild(document.createTextNode(item.reason));
      li.appendChild(reason);
    }
    if (item.url) {
      var more = el("p", "edi-card-more");
      appendText(more, item.url);
      li.appendChild(more);
    }
    return li;
  }

  function cardList(labelledBy) {
    var list = el("ul", "edi-cards");
    if (labelledBy) { list.setAttribute("aria-labelledby", labelledBy); }
    return list;
  }

  function renderBot(entry) {
    var turn = turnElement(entry.turn);
    var messages = turn.querySelector(".edi-bot-msgs");
    if (entry.text) {
      var bubble = el("p", "edi-msg edi-bot");
      bubble.id = nextId("msg");
      bubble.appendChild(hiddenText(T.bot));
      appendText(bubble, entry.text);
      messages.appendChild(bubble);
    }
    if (entry.cards && entry.cards.length) {
      // Cards sent as data right after their intro ("Dette kan passe for deg:") are a list
      // named by that bubble.
      var intro = entry.text ? bubble : messages.lastElementChild;
      var named = intro && intro.classList.contains("edi-bot") ? intro.id : null;
      var list = cardList(named);
      entry.cards.forEach(function (c) { list.appendChild(card(c)); });
      messages.appendChild(list);
    }
    if (entry.buttons && entry.buttons.length) {
      removeQuickReplies();
      log.appendChild(quickReplies(entry.buttons));
    }
  }

  function renderHuman(entry) {
    var row = el("div", "edi-row edi-row-human");
    var who = el("p", "edi-human-label", entry.label);
    var bubble = el("p", "edi-msg edi-human");
    bubble.appendChild(hiddenText(entry.label + ": "));
    appendText(bubble, entry.text);
    row.appendChild(who);
    row.appendChild(bubble);
    log.appendChild(row);
  }

  function showLiveBanner() {
    liveBanner.hidden = !live;
    liveBanner.textContent = live ? fill(T.personBanner, live.label) : "";
    subtitle.textContent = live ? live.label || T.someone : T.subtitle;
    root.setAttribute("data-answering", live ? "person" : "assistant");
  }

  function render(entry) {
    if (entry.who === "user") { renderUser(entry); }
    else if (entry.who === "human") { renderHuman(entry); }
    else if (entry.who === "bot") { renderBot(entry); }
    else { renderNotice(entry); }
  }

  function renderHistory() {
    log.textContent = "";
    renderWelcome();
    turnCount = 0;
    var lastUser = -1;
    history.forEach(function (entry, index) { if (entry.who === "user") { lastUser = index; } });
    history.forEach(function (entry, index) {
      if (entry.who === "bot") {
        turnCount = Math.max(turnCount, parseInt(String(entry.turn).replace(/\D/g, ""), 10) || 0);
        // Quick replies only for the latest answer: older ones were already answered.
        render(index > lastUser ? entry : { who: "bot", text: entry.text, cards: entry.cards, turn: entry.turn });
      } else {
        render(entry);
      }
    });
    scrollToEnd();
  }

  function remember(entry) {
    history.push(entry);
    if (history.length > MAX_HISTORY) { history = history.slice(-MAX_HISTORY); }
    store(KEYS.history, history);
  }

  // ---------------------------------------------------------------- messages in and out
  var awaitingTurn = null;
  var replyTimer = null;
  var repeatedTexts = 0;  // how many coming texts repeat the cards just drawn

  function startWaiting() {
    turnCount += 1;
    awaitingTurn = "svar-" + turnCount;
    typing.hidden = false;
    scrollToEnd();
    clearTimeout(replyTimer);
    replyTimer = setTimeout(function () { stopWaiting(); showError(T.noAnswer); }, REPLY_TIMEOUT_MS);
  }

  function stopWaiting() {
    clearTimeout(replyTimer);
    typing.hidden = true;
  }

  function showError(text) {
    renderNotice({ kind: "error", text: text });
    announce(text);
    scrollToEnd();
  }

  function normalise(message) {
    if (!message || typeof message !== "object") { return null; }
    var entry = { who: "bot", text: typeof message.text === "string" ? message.text : "", buttons: [] };
    (message.buttons || message.quick_replies || []).forEach(function (b) {
      if (b && typeof b.title === "string" && b.title) {
        entry.buttons.push({ title: b.title, payload: typeof b.payload === "string" ? b.payload : b.title });
      }
    });
    // socket.io delivers a custom message's `data` itself; REST the whole {"custom": …}.
    var custom = message.custom && typeof message.custom === "object" ? message.custom : message;
    if (custom.data && typeof custom.data === "object") { custom = custom.data; }
    if (Array.isArray(custom.tiltak)) {
      entry.cards = custom.tiltak.filter(function (c) {
        return c && typeof c.name === "string" && typeof c.summary === "string";
      }).map(function (c) {
        return {
          name: c.name,
          summary: c.summary,
          reason: typeof c.reason === "string" ? c.reason : "",
          url: typeof c.url === "string" && /^https?:\/\//.test(c.url) ? c.url : ""
        };
      });
      var repeated = custom.repeated_in_text;
      entry.repeated = typeof repeated === "number" && repeated > 0 ? Math.min(repeated, 20) : 0;
    }
    if (!entry.text && !entry.buttons.length && !(entry.cards && entry.cards.length)) { return null; }
    return entry;
  }

  function liveChange(change) {
    var state = change && change.state;
    var label = change && typeof change.label === "string" ? change.label : "";
    var text = null;
    if (state === "end") {
      if (live) { text = T.assistantAgain; }
      live = null;
    } else if (state === "start") {
      if (!live || live.state !== "start" || live.label !== label) { text = fill(T.personWrites, label); }
      live = { state: "start", label: label };
    } else if (state === "waiting" && change.quiet) {  // on (re)connecting: no message was sent
      if (!live) { text = fill(T.personHas, label); }
      live = { state: "waiting", label: label };
    } else if (state === "waiting") {
      text = fill(T.personWaiting, label);
      live = { state: "waiting", label: label };
    } else {
      return;
    }
    store(KEYS.live, live);
    stopWaiting();
    awaitingTurn = null;
    showLiveBanner();
    if (text) {
      var entry = { who: "notice", kind: "live", text: text };
      remember(entry);
      renderNotice(entry);
      announce(text);
      scrollToEnd();
    }
  }

  function receiveHuman(message) {
    var entry = { who: "human", label: String(message.edi_human.label || T.someone), text: String(message.text || "") };
    if (!entry.text) { return; }
    stopWaiting();
    awaitingTurn = null;
    remember(entry);
    renderHuman(entry);
    announce(entry.label + ": " + entry.text);
    scrollToEnd();
  }

  function receive(message) {
    if (message && typeof message === "object" && message.edi_live) { liveChange(message.edi_live); return; }
    if (message && typeof message === "object" && message.edi_human) { receiveHuman(message); return; }
    var entry = normalise(message);
    if (!entry) { return; }
    stopWaiting();
    if (repeatedTexts > 0 && !entry.cards && !entry.buttons.length) {
      // The plain-text form of a card just drawn from data (for REST clients and the
      // evaluation kit): the card already shows and announced it.
      repeatedTexts -= 1;
      return;
    }
    repeatedTexts = entry.repeated || 0;
    delete entry.repeated;
    if (!awaitingTurn) { turnCount += 1; awaitingTurn = "svar-" + turnCount; }
    entry.turn = awaitingTurn;
    remember(entry);
    renderBot(entry);
    var spoken = T.bot + entry.text;
    if (entry.cards) { spoken += " " + entry.cards.map(function (c) { return c.name + ": " + c.summary; }).join(". "); }
    if (entry.buttons.length) {
      spoken += " " + T.youCanChoose + entry.buttons.map(function (b) { return b.title; }).join(", ") + ".";
    }
    announce(spoken);
    scrollToEnd();
  }

  function send(text, shown) {
    text = String(text || "").trim();
    if (!text) { return; }
    var entry = { who: "user", text: shown || text };
    removeQuickReplies();
    remember(entry);
    renderUser(entry);
    if (!live) { startWaiting(); }  // a person answers when they answer: no timeout
    if (socket && socketReady) {
      socket.emit("user_uttered", { message: text, session_id: sessionId });
    } else {
      sendOverRest(text);
    }
  }

  function sendOverRest(text) {
    fetch(server + "/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: sessionId, message: text })
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (result) {
      if (!result.ok || !Array.isArray(result.body)) {
        stopWaiting();
        awaitingTurn = null;
        showError((result.body && result.body.error) || T.failed);
        return;
      }
      if (!result.body.length) { receive({ text: T.empty }); }
      result.body.forEach(receive);
      awaitingTurn = null;
    }).catch(function () {
      stopWaiting();
      awaitingTurn = null;
      showError(T.notSent);
      if (!navigator.onLine) { setStatus(T.offline, "offline"); }
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) { input.focus(); return; }
    // Only quick replies send intents: a typed "/restart" is just text.
    text = text.replace(/^\/+/, "").trim() || text;
    input.value = "";
    send(text.slice(0, maxChars));
  });

  // ---------------------------------------------------------------- feedback
  function postJson(method, path, body) {
    return fetch(server + path, {
      method: method,
      headers: body ? { "Content-Type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (json) {
        if (!response.ok) { throw new Error(json.error || T.failed); }
        return json;
      });
    });
  }

  function vote(turnId, value, group) {
    postJson("POST", "/api/feedback", { session_id: sessionId, message_id: turnId, vote: value })
      .then(function () {
        votes[turnId] = value;
        store(KEYS.votes, votes);
        Array.prototype.forEach.call(group.querySelectorAll(".edi-vote"), function (b) {
          b.setAttribute("aria-pressed", b.classList.contains("edi-vote-" + value) ? "true" : "false");
        });
        announce(T.thanksVote);
      })
      .catch(function (error) { showError(error.message || T.failed); });
  }

  function closeExtra(focusTarget) {
    extra.textContent = "";
    if (focusTarget) { focusTarget.focus(); }
  }

  function openRating() {
    closeExtra();
    var rating = el("form", "edi-rating");
    rating.noValidate = true;
    var fieldset = el("fieldset", "edi-fieldset");
    fieldset.appendChild(el("legend", "edi-legend", T.rateLegend));
    var hint = el("p", "edi-hint", T.rateHint);
    hint.id = nextId("hint");
    fieldset.setAttribute("aria-describedby", hint.id);
    fieldset.appendChild(hint);
    var scale = el("div", "edi-scale");
    for (var n = 1; n <= 5; n += 1) {
      var id = nextId("rate");
      var radio = el("input", "edi-radio");
      radio.type = "radio";
      radio.name = "rating";
      radio.value = String(n);
      radio.id = id;
      var radioLabel = el("label", "edi-radio-label", String(n));
      radioLabel.htmlFor = id;
      var wrap = el("span", "edi-scale-item");
      wrap.appendChild(radio);
      wrap.appendChild(radioLabel);
      scale.appendChild(wrap);
    }
    fieldset.appendChild(scale);
    rating.appendChild(fieldset);
    var message = el("p", "edi-form-message");
    message.setAttribute("role", "status");
    var actions = el("div", "edi-actions");
    var submit = el("button", "edi-primary", T.rateSend);
    submit.type = "submit";
    var cancel = button("edi-secondary", T.cancel);
    actions.appendChild(submit);
    actions.appendChild(cancel);
    rating.appendChild(actions);
    rating.appendChild(message);
    cancel.addEventListener("click", function () { closeExtra(rateButton); });
    rating.addEventListener("submit", function (event) {
      event.preventDefault();
      var chosen = rating.querySelector("input[name=rating]:checked");
      if (!chosen) { message.textContent = T.rateChoose; return; }
      postJson("POST", "/api/rating", { session_id: sessionId, rating: parseInt(chosen.value, 10) })
        .then(function () {
          closeExtra();
          renderNotice({ kind: "info", text: T.rateThanks });
          remember({ who: "notice", kind: "info", text: T.rateThanks });
          announce(T.rateThanks);
          scrollToEnd();
          rateButton.focus();
        })
        .catch(function (error) { message.textContent = error.message || T.failed; });
    });
    extra.appendChild(rating);
    rating.querySelector("input").focus();
  }

  function openDeleteConfirm() {
    closeExtra();
    var box = el("div", "edi-confirm");
    box.setAttribute("role", "group");
    var question = el("p", "edi-confirm-text", T.deleteQuestion);
    question.id = nextId("confirm");
    box.setAttribute("aria-labelledby", question.id);
    var yes = button("edi-danger", T.deleteYes);
    var no = button("edi-secondary", T.cancel);
    var message = el("p", "edi-form-message");
    message.setAttribute("role", "status");
    var actions = el("div", "edi-actions");
    actions.appendChild(yes);
    actions.appendChild(no);
    box.appendChild(question);
    box.appendChild(actions);
    box.appendChild(message);
    no.addEventListener("click", function () { closeExtra(deleteButton); });
    yes.addEventListener("click", function () {
      yes.disabled = true;
      postJson("DELETE", "/api/conversations/" + encodeURIComponent(sessionId))
        .then(function (result) { startAfresh(result.message); })
        .catch(function () { yes.disabled = false; message.textContent = T.deleteFailed; });
    });
    extra.appendChild(box);
    yes.focus();
  }

  function startAfresh(confirmation) {
    closeExtra();
    stopWaiting();
    awaitingTurn = null;
    sessionId = newSessionId();
    store(KEYS.session, sessionId);
    live = null;
    store(KEYS.live, null);
    showLiveBanner();
    history = [];
    votes = {};
    store(KEYS.votes, votes);
    var text = (confirmation || "") + " " + T.deleteFresh;
    history.push({ who: "notice", kind: "info", text: text.trim() });
    store(KEYS.history, history);
    renderHistory();
    announce(text.trim());
    if (socket) {
      // Leave the old conversation's room: a new connection asks for the new session.
      socketReady = false;
      socket.disconnect();
      socket.connect();
    }
    input.focus();
  }

  rateButton.addEventListener("click", openRating);
  deleteButton.addEventListener("click", openDeleteConfirm);

  // ---------------------------------------------------------------- open, close, keyboard
  function isOpen() { return !panel.hidden; }

  function openPanel(focus) {
    panel.hidden = false;
    root.classList.add("edi-open");
    launcher.setAttribute("aria-expanded", "true");
    store(KEYS.open, true);
    scrollToEnd();
    if (focus) { input.focus(); }
  }

  function closePanel() {
    panel.hidden = true;
    root.classList.remove("edi-open");
    launcher.setAttribute("aria-expanded", "false");
    store(KEYS.open, false);
    launcher.focus();
  }

  launcher.addEventListener("click", function () {
    if (isOpen()) { closePanel(); } else { openPanel(true); }
  });
  closeButton.addEventListener("click", closePanel);
  langButton.addEventListener("click", function () {
    lang = lang === "en" ? "nb" : "en";
    T = TEXTS[lang];
    store(KEYS.lang, lang);
    applyTexts();
    send(SWITCH_PAYLOAD[lang], lang === "en" ? "English" : "Norsk");
    input.focus();
  });

  function focusable() {
    return Array.prototype.filter.call(
      panel.querySelectorAll("a[href], button:not([disabled]), input:not([disabled]), [tabindex='0']"),
      function (node) { return node.offsetParent !== null || node === document.activeElement; }
    );
  }

  root.addEventListener("keydown", function (event) {
    if (!isOpen()) { return; }
    if (event.key === "Escape" || event.key === "Esc") {
      event.preventDefault();
      if (extra.firstChild) {
        var back = extra.querySelector(".edi-confirm") ? deleteButton : rateButton;
        closeExtra(back);
      } else {
        closePanel();
      }
      return;
    }
    // When the panel covers the whole screen, Tab stays inside it.
    if (event.key === "Tab" && window.matchMedia && window.matchMedia(SMALL_SCREEN).matches) {
      var nodes = focusable();
      if (!nodes.length) { return; }
      var first = nodes[0];
      var lastNode = nodes[nodes.length - 1];
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        lastNode.focus();
      } else if (!event.shiftKey && document.activeElement === lastNode) {
        event.preventDefault();
        first.focus();
      }
    }
  });

  // ---------------------------------------------------------------- connection
  var socket = null;
  var socketReady = false;
  var everConnected = false;

  function loadSocketIo(callback) {
    if (options.socket === "off") { callback(null); return; }
    var previous = window.io;
    var tag = document.createElement("script");
    tag.src = server + "/static/vendor/socket.io.min.js";
    tag.async = true;
    tag.onload = function () {
      var io = window.io;
      // Leave a socket.io the host page has of its own as it was.
      if (previous !== undefined) { window.io = previous; }
      callback(typeof io === "function" ? io : null);
    };
    tag.onerror = function () { callback(null); };
    document.head.appendChild(tag);
  }

  function connect(io, url, path) {
    socket = io(url, {
      path: path || "/socket.io",
      // A websocket first: one connection, which any Rasa process behind the entry point can
      // hold (no sticky sessions). Where websockets are blocked, long polling (nginx keeps a
      // polling session on one process); with neither, the widget uses POST /chat.
      transports: ["websocket", "polling"],
      tryAllTransports: true,
      reconnection: true,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 10000,
      timeout: 10000
    });
    socket.on("connect", function () {
      socket.emit("session_request", { session_id: sessionId });
    });
    socket.on("session_confirm", function () {
      socketReady = true;
      root.setAttribute("data-connection", "socket");
      if (everConnected && !status.hidden) { setStatus(T.reconnected, "online", 4000); }
      everConnected = true;
    });
    socket.on("bot_uttered", receive);
    socket.on("disconnect", function (reason) {
      socketReady = false;
      root.setAttribute("data-connection", "rest");
      if (reason !== "io client disconnect") { showConnectionProblem(); }
    });
    socket.on("connect_error", function () {
      socketReady = false;
      if (everConnected) { showConnectionProblem(); }
    });
  }

  function showConnectionProblem() {
    setStatus(navigator.onLine === false ? T.offline : T.reconnecting, "offline");
  }

  window.addEventListener("offline", function () { setStatus(T.offline, "offline"); });
  window.addEventListener("online", function () {
    if (socket && !socket.connected) {
      setStatus(T.reconnecting, "offline");
      socket.connect();
    } else {
      setStatus(T.reconnected, "online", 4000);
    }
  });

  function start(config) {
    if (config && typeof config.max_chars === "number" && config.max_chars > 0) {
      maxChars = config.max_chars;
      input.maxLength = maxChars;
    }
    var socketUrl = options.socket && options.socket !== "off" ? options.socket : config && config.socket_url;
    if (!socketUrl || options.socket === "off") { return; }
    loadSocketIo(function (io) {
      if (io) { connect(io, socketUrl, config && config.socket_path); }
    });
  }

  // ---------------------------------------------------------------- go
  function mount() {
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = server + "/static/widget/widget.css";
    document.head.appendChild(css);
    document.body.appendChild(root);
    renderHistory();
    showLiveBanner();
    if (navigator.onLine === false) { setStatus(T.offline, "offline"); }
    if (options.open || load(KEYS.open, false)) { openPanel(false); }
    reopenFromLink().then(function () {
      return fetch(server + "/api/widget/config")
        .then(function (response) { return response.ok ? response.json() : null; })
        .catch(function () { return null; });
    }).then(start);
  }

  // A coordinator's reply by e-mail or SMS links to "…/#samtale=<token>": the conversation is
  // opened again in this tab, with the messages of the case, so the person can answer.
  function reopenFromLink() {
    var match = /(?:^#|&)samtale=([A-Za-z0-9_-]{20,64})(?:&|$)/.exec(location.hash || "");
    if (!match || !window.fetch) { return Promise.resolve(); }
    try { window.history.replaceState(null, "", location.pathname + location.search); } catch (e) { /* old browser */ }
    return fetch(server + "/api/reopen", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ token: match[1] })
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        return { ok: response.ok, body: body };
      });
    }).then(function (result) {
      var body = result.body || {};
      if (!result.ok || typeof body.session_id !== "string") {
        renderNotice({ kind: "error", text: T.badLink });
        openPanel(false);
        return;
      }
      sessionId = body.session_id;
      store(KEYS.session, sessionId);
      var conversation = [];
      var label = T.someone;
      (body.messages || []).forEach(function (m) {
        if (!m || typeof m.text !== "string") { return; }
        if (m.from === "koordinator") {
          label = String(m.label || label);
          conversation.push({ who: "human", label: label, text: m.text });
        } else {
          conversation.push({ who: "user", text: m.text });
        }
      });
      conversation.push({ who: "notice", kind: "live", text: fill(T.reopened, label) });
      history = conversation;
      store(KEYS.history, history);
      live = { state: "waiting", label: label };
      store(KEYS.live, live);
      renderHistory();
      showLiveBanner();
      openPanel(false);
    }).catch(function () {
      renderNotice({ kind: "error", text: T.badLink });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mount);
  } else {
    mount();
  }

  window.EdiWidget = { open: function () { openPanel(true); }, close: closePanel };
})();
