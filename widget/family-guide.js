/*
 * Family Guide chat widget: one <script> tag on the clinic's page, no framework, no build step.
 *
 *   <script src="https://bot.example.org/widget/family-guide.js" defer
 *           data-server-url="https://bot.example.org"
 *           data-clinic-name="Example Clinic" data-clinic-phone="+1 410 555 0100"
 *           data-primary-color="#1d5b79" data-neutral-url="https://www.weather.gov/"></script>
 *
 * (or the same keys in camelCase on `window.FamilyGuideConfig` before the tag; data- wins).
 *
 * Why it is built this way:
 * - It talks to Rasa's REST channel (POST /webhooks/rest/webhook): one plain HTTPS request per
 *   message, no socket to keep alive, easy to proxy and rate-limit behind nginx.
 * - Everything lives in a shadow root so the clinic's CSS cannot break it and ours cannot leak.
 * - Server text never becomes HTML: a tiny Markdown subset is turned into DOM nodes by hand.
 * - The conversation is kept in sessionStorage: a reload keeps it, closing the tab forgets it,
 *   which is what a shared family computer needs. No cookies, no third-party requests.
 * - A message that gets no answer (network error, timeout, server error) is sent again, a few
 *   times with growing pauses, under the same message id: the server answers an id it already
 *   stored from its store, so a server dying mid-message costs a delay, never a lost or doubled turn.
 * - People may be in danger: the crisis numbers are always on screen, and "Quick exit" (or Shift
 *   pressed three times) wipes the chat and replaces the page with a neutral site.
 */
(function () {
  "use strict";

  const STORAGE_PREFIX = "familyGuide.";
  const DEFAULT_NEUTRAL_URL = "https://www.weather.gov/";
  const DEFAULT_PRIMARY = "#1d5b79";
  // A family's letter can run to a couple of thousand characters; the server reads up to 4,000.
  const MAX_MESSAGE_LENGTH = 4000;
  const SHIFT_PRESSES_FOR_EXIT = 3;
  const SHIFT_WINDOW_MS = 1200;
  const SAFE_LINK_PROTOCOLS = ["http:", "https:", "tel:", "mailto:"];
  // Pauses before each resend of a message that got no answer (then the "offline" notice).
  const RESEND_DELAYS_MS = [1000, 3000];

  // ---------------------------------------------------------------- configuration

  /** Reads the clinic's settings: window.FamilyGuideConfig, then data- attributes on our tag. */
  function readConfig(script) {
    const base = window.FamilyGuideConfig || {};
    const data = script ? script.dataset : {};
    const pick = (key) => (data[key] !== undefined ? data[key] : base[key]);
    const scriptUrl = script && script.src ? new URL(script.src, document.baseURI) : null;
    return {
      serverUrl: httpUrlOr(pick("serverUrl"), scriptUrl ? scriptUrl.origin : location.origin)
        .replace(/\/+$/, ""),
      clinicName: String(pick("clinicName") || "the clinic"),
      clinicPhone: String(pick("clinicPhone") || ""),
      title: String(pick("title") || "Family Guide"),
      primaryColor: hexColorOr(pick("primaryColor"), DEFAULT_PRIMARY),
      neutralUrl: httpUrlOr(pick("neutralUrl"), DEFAULT_NEUTRAL_URL),
      timeoutMs: positiveNumberOr(pick("timeoutMs"), 20000),
      storage: pick("storage") === "local" ? "local" : "session",
      stylesheetUrl: scriptUrl ? new URL("family-guide.css", scriptUrl).href : "family-guide.css",
    };
  }

  function httpUrlOr(value, fallback) {
    try {
      const url = new URL(String(value));
      return url.protocol === "https:" || url.protocol === "http:" ? url.href : fallback;
    } catch (_error) {
      return fallback;
    }
  }

  function hexColorOr(value, fallback) {
    return /^#[0-9a-f]{6}$/i.test(String(value || "")) ? String(value) : fallback;
  }

  function positiveNumberOr(value, fallback) {
    const number = Number(value);
    return Number.isFinite(number) && number > 0 ? number : fallback;
  }

  /** Dark or white text, whichever reads better on the clinic's colour (WCAG contrast). */
  function readableTextOn(hex) {
    const channel = (i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    };
    const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
    const contrastWithWhite = 1.05 / (luminance + 0.05);
    const contrastWithDark = (luminance + 0.05) / (0.0137 + 0.05); // #1a1a1a
    return contrastWithWhite >= contrastWithDark ? "#ffffff" : "#1a1a1a";
  }

  // ---------------------------------------------------------------- storage

  /** sessionStorage (or localStorage if the clinic asks), falling back to memory when blocked. */
  function makeStore(kind) {
    let backend = null;
    try {
      backend = kind === "local" ? window.localStorage : window.sessionStorage;
      backend.setItem(STORAGE_PREFIX + "probe", "1");
      backend.removeItem(STORAGE_PREFIX + "probe");
    } catch (_error) {
      backend = null;
    }
    const memory = new Map();
    return {
      get(key, fallback) {
        try {
          const raw = backend ? backend.getItem(STORAGE_PREFIX + key) : memory.get(key);
          return raw == null ? fallback : JSON.parse(raw);
        } catch (_error) {
          return fallback;
        }
      },
      set(key, value) {
        const raw = JSON.stringify(value);
        try {
          if (backend) backend.setItem(STORAGE_PREFIX + key, raw);
          else memory.set(key, raw);
        } catch (_error) {
          memory.set(key, raw);
        }
      },
      clearAll() {
        memory.clear();
        for (const store of [safeStorage("sessionStorage"), safeStorage("localStorage")]) {
          if (!store) continue;
          for (let i = store.length - 1; i >= 0; i -= 1) {
            const key = store.key(i);
            if (key && key.startsWith(STORAGE_PREFIX)) store.removeItem(key);
          }
        }
      },
    };
  }

  function safeStorage(name) {
    try {
      return window[name];
    } catch (_error) {
      return null;
    }
  }

  function randomHex(byteCount) {
    const bytes = new Uint8Array(byteCount);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function newSessionId() {
    return "web-" + randomHex(16);
  }

  // ---------------------------------------------------------------- DOM helpers

  /** createElement with attributes and children; strings become text nodes, never HTML. */
  function el(tag, attributes, children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === false || value == null) continue;
      if (name === "className") node.className = value;
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of [].concat(children || [])) {
      if (child == null) continue;
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  function telHref(phone) {
    const digits = phone.replace(/[^\d+]/g, "");
    return digits ? "tel:" + digits : null;
  }

  // ---------------------------------------------------------------- safe Markdown

  /** The bot's text as DOM: paragraphs, line breaks, - and 1. lists, bold, italics, safe links. */
  function renderMarkdown(text) {
    const fragment = document.createDocumentFragment();
    const lines = String(text).replace(/\r\n?/g, "\n").split("\n");
    let paragraph = null;
    let list = null;
    for (const line of lines) {
      const item = /^\s*(?:([-*\u2022])|(\d{1,3})[.)])\s+(.*)$/.exec(line);
      if (!line.trim()) {
        paragraph = null;
        list = null;
      } else if (item) {
        const ordered = Boolean(item[2]);
        if (!list || (list.tagName === "OL") !== ordered) {
          list = el(ordered ? "ol" : "ul");
          if (ordered && item[2] !== "1") list.setAttribute("start", item[2]);
          fragment.append(list);
        }
        list.append(el("li", {}, renderInline(item[3], true)));
        paragraph = null;
      } else {
        list = null;
        if (paragraph) paragraph.append(el("br"));
        else fragment.append((paragraph = el("p")));
        paragraph.append(...renderInline(line.trim(), true));
      }
    }
    return fragment;
  }

  const INLINE_RULES = [
    { kind: "link", pattern: /\[([^\]\n]+)\]\(\s*([^)\s]+)\s*\)/ },
    { kind: "strong", pattern: /\*\*(?=\S)(.*?\S)\*\*/ },
    { kind: "strong", pattern: /(?<![\w])__(?=\S)(.*?\S)__(?![\w])/ },
    { kind: "em", pattern: /\*(?=[^\s*])([^*]*?[^\s*])\*/ },
    { kind: "em", pattern: /(?<![\w])_(?=[^\s_])([^_]*?[^\s_])_(?![\w])/ },
    { kind: "url", pattern: /\bhttps?:\/\/[^\s<>()]*[^\s<>().,;:!?'"]/ },
  ];

  /** Inline Markdown to nodes. Links are kept only when their protocol is safe. */
  function renderInline(text, allowLinks) {
    const nodes = [];
    let rest = text;
    while (rest) {
      let best = null;
      for (const rule of INLINE_RULES) {
        if (!allowLinks && (rule.kind === "link" || rule.kind === "url")) continue;
        const match = rule.pattern.exec(rest);
        if (match && (!best || match.index < best.match.index)) best = { rule, match };
      }
      if (!best) {
        nodes.push(document.createTextNode(rest));
        break;
      }
      const { rule, match } = best;
      if (match.index > 0) nodes.push(document.createTextNode(rest.slice(0, match.index)));
      nodes.push(inlineNode(rule.kind, match));
      rest = rest.slice(match.index + match[0].length);
    }
    return nodes;
  }

  function inlineNode(kind, match) {
    if (kind === "strong" || kind === "em") {
      return el(kind, {}, renderInline(match[1], true));
    }
    const label = kind === "link" ? match[1] : match[0];
    const href = safeHref(kind === "link" ? match[2] : match[0]);
    if (!href) return el("span", {}, renderInline(label, false));
    return el(
      "a",
      { href, target: "_blank", rel: "noopener noreferrer" },
      renderInline(label, false)
    );
  }

  function safeHref(raw) {
    try {
      const url = new URL(raw);
      return SAFE_LINK_PROTOCOLS.includes(url.protocol) ? url.href : null;
    } catch (_error) {
      return null;
    }
  }

  // ---------------------------------------------------------------- talking to Rasa

  /**
   * One try at one message to Rasa's REST channel; resolves to its list of bot messages. A
   * resend says so, so only resends are looked up in the conversation store.
   */
  async function askRasa(config, sender, message, messageId, resend) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), config.timeoutMs);
    try {
      const response = await fetch(config.serverUrl + "/webhooks/rest/webhook", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ sender, message, message_id: messageId, resend }),
        credentials: "omit",
        referrerPolicy: "no-referrer",
        cache: "no-store",
        signal: controller.signal,
      });
      // "Too long" (413) and "too fast" (429) come with a kind reply in Rasa's own format.
      if (!response.ok && response.status !== 413 && response.status !== 429) {
        const error = new Error("Rasa answered HTTP " + response.status);
        error.status = response.status;
        throw error;
      }
      const body = await response.json();
      if (!Array.isArray(body)) throw new Error("Unexpected reply from Rasa");
      return body;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * askRasa, resent under the same message id while no answer comes (network error, timeout,
   * 5xx) and `stillWanted()`; a refusal (4xx) is not resent. Rejects once the tries run out.
   */
  async function askRasaUntilAnswered(config, sender, message, stillWanted) {
    const messageId = randomHex(16);
    for (let resends = 0; ; resends++) {
      try {
        return await askRasa(config, sender, message, messageId, resends > 0);
      } catch (error) {
        const refused = error.status !== undefined && error.status < 500;
        if (refused || resends >= RESEND_DELAYS_MS.length || !stillWanted()) throw error;
        await new Promise((resolve) => setTimeout(resolve, RESEND_DELAYS_MS[resends]));
      }
    }
  }

  /** Keeps only what we show: text and well-formed quick-reply buttons. */
  function toBotEntries(messages) {
    const entries = [];
    for (const message of messages) {
      const text = typeof message.text === "string" ? message.text : "";
      const buttons = Array.isArray(message.buttons)
        ? message.buttons
            .filter((b) => b && typeof b.title === "string" && typeof b.payload === "string")
            .map((b) => ({ title: b.title, payload: b.payload }))
        : [];
      if (text || buttons.length) entries.push({ from: "bot", text, buttons });
    }
    return entries;
  }

  // ---------------------------------------------------------------- the widget

  class FamilyGuideWidget {
    constructor(config) {
      this.config = config;
      this.store = makeStore(config.storage);
      this.sessionId = this.store.get("session", null); // made on the first message
      this.transcript = this.store.get("transcript", []);
      this.pending = 0;
      this.queue = Promise.resolve();
      this.shiftPresses = [];
      this.build();
      this.renderTranscript();
      if (this.store.get("open", false)) this.open({ focus: false });
    }

    freshSession() {
      const id = newSessionId();
      this.store.set("session", id);
      return id;
    }

    build() {
      const { config } = this;
      this.host = el("div", { id: "family-guide-widget" });
      this.host.hidden = true; // until our stylesheet has loaded, to avoid a flash of raw markup
      const root = this.host.attachShadow({ mode: "open" });
      const stylesheet = el("link", { rel: "stylesheet", href: config.stylesheetUrl });
      stylesheet.addEventListener("load", () => (this.host.hidden = false));
      stylesheet.addEventListener("error", () => (this.host.hidden = false));
      this.host.style.setProperty("--fg-primary", config.primaryColor);
      this.host.style.setProperty("--fg-on-primary", readableTextOn(config.primaryColor));

      this.launcher = el(
        "button",
        {
          type: "button",
          className: "fg-launcher",
          "aria-expanded": "false",
          "aria-controls": "fg-panel",
        },
        "Chat with " + config.title
      );
      this.launcher.addEventListener("click", () => (this.isOpen() ? this.close() : this.open()));

      this.log = el("div", {
        className: "fg-log",
        role: "log",
        "aria-live": "polite",
        "aria-label": "Conversation",
      });
      this.typing = el("div", { className: "fg-typing", role: "status" });
      this.typing.hidden = true;

      this.input = el("input", {
        id: "fg-input",
        type: "text",
        className: "fg-input",
        autocomplete: "off",
        maxlength: MAX_MESSAGE_LENGTH,
        placeholder: "Type your question",
      });
      const form = el("form", { className: "fg-form" }, [
        el("label", { for: "fg-input", className: "fg-visually-hidden" }, "Your message"),
        this.input,
        el("button", { type: "submit", className: "fg-send" }, "Send"),
      ]);
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        const text = this.input.value.trim();
        if (!text) return;
        this.input.value = "";
        this.send(text, text);
      });

      const clearButton = el(
        "button",
        { type: "button", className: "fg-link-button" },
        "Clear chat"
      );
      clearButton.addEventListener("click", () => this.clearChat());
      const exitButton = el(
        "button",
        {
          type: "button",
          className: "fg-exit",
          title: "Leave this site now (or press Shift 3 times)",
        },
        "Quick exit"
      );
      exitButton.addEventListener("click", () => this.quickExit());
      const closeButton = el(
        "button",
        { type: "button", className: "fg-close", "aria-label": "Close chat" },
        "\u00d7"
      );
      closeButton.addEventListener("click", () => this.close());

      this.panel = el(
        "section",
        { id: "fg-panel", className: "fg-panel", role: "dialog", "aria-labelledby": "fg-title" },
        [
          el("div", { className: "fg-header" }, [
            el("div", { className: "fg-heading" }, [
              el("h2", { id: "fg-title", className: "fg-title" }, config.title),
              el("p", { className: "fg-subtitle" }, config.clinicName),
            ]),
            exitButton,
            closeButton,
          ]),
          this.crisisBar(),
          el("div", { className: "fg-scroll" }, [
            el(
              "p",
              { className: "fg-notice" },
              "Private: please don\u2019t type names or addresses. Closing the tab erases this chat."
            ),
            this.log,
            this.typing,
          ]),
          form,
          el("div", { className: "fg-footer" }, [
            clearButton,
            el("span", { className: "fg-footer-note" }, "Shift \u00d73 = quick exit"),
          ]),
        ]
      );
      this.panel.hidden = true;
      this.scroller = this.panel.querySelector(".fg-scroll");

      root.append(stylesheet, this.panel, this.launcher);
      document.body.append(this.host);
      document.addEventListener("keydown", (event) => this.onKeydown(event), true);
    }

    crisisBar() {
      const link = (href, text) => el("a", { href, className: "fg-crisis-link" }, text);
      return el("p", { className: "fg-crisis", role: "note", "aria-label": "Crisis help" }, [
        el("strong", {}, "In crisis?"),
        " ",
        link("tel:988", "Call 988"),
        " or ",
        link("sms:988", "text 988"),
        " \u00b7 Emergency: ",
        link("tel:911", "call 911"),
      ]);
    }

    isOpen() {
      return !this.panel.hidden;
    }

    open(options) {
      this.panel.hidden = false;
      this.launcher.setAttribute("aria-expanded", "true");
      this.host.classList.add("fg-is-open");
      this.store.set("open", true);
      this.scrollToEnd();
      if (!options || options.focus !== false) this.input.focus();
    }

    close() {
      this.panel.hidden = true;
      this.launcher.setAttribute("aria-expanded", "false");
      this.host.classList.remove("fg-is-open");
      this.store.set("open", false);
      this.launcher.focus();
    }

    // -- transcript

    renderTranscript() {
      this.log.replaceChildren(...this.transcript.map((entry) => this.entryNode(entry)));
      this.renderQuickReplies();
    }

    append(entry) {
      this.transcript.push(entry);
      this.store.set("transcript", this.transcript);
      const node = this.entryNode(entry);
      this.log.append(node);
      this.renderQuickReplies();
      this.scrollToEnd();
      return node;
    }

    entryNode(entry) {
      if (entry.from === "user") {
        return el("div", { className: "fg-msg fg-msg--user" }, [
          el("span", { className: "fg-visually-hidden" }, "You: "),
          entry.text,
        ]);
      }
      if (entry.from === "offline") return this.offlineNode();
      if (!entry.text) return el("div", { className: "fg-buttons-only" }); // anchors its buttons
      const bubble = el("div", { className: "fg-msg fg-msg--bot" }, [
        el("span", { className: "fg-visually-hidden" }, this.config.title + ": "),
      ]);
      bubble.append(renderMarkdown(entry.text));
      return bubble;
    }

    offlineNode() {
      const { clinicName, clinicPhone } = this.config;
      const phoneHref = telHref(clinicPhone);
      return el("div", { className: "fg-msg fg-msg--alert", role: "alert" }, [
        el("p", {}, "Sorry, I can\u2019t connect right now, so your message was not sent."),
        el("p", {}, [
          "Please call " + clinicName,
          phoneHref ? " at " : "",
          phoneHref ? el("a", { href: phoneHref }, clinicPhone) : "",
          ", or try again in a few minutes. In a crisis, call or text 988. In an emergency, " +
            "call 911.",
        ]),
      ]);
    }

    /** Buttons belong to the bot messages after the user's last message; older ones go away. */
    renderQuickReplies() {
      for (const group of this.log.querySelectorAll(".fg-quick-replies")) group.remove();
      let lastUser = -1;
      this.transcript.forEach((entry, i) => {
        if (entry.from === "user") lastUser = i;
      });
      const bubbles = Array.from(this.log.children); // a snapshot: we insert while walking
      this.transcript.forEach((entry, i) => {
        if (i <= lastUser || !entry.buttons || !entry.buttons.length) return;
        const group = el("div", {
          className: "fg-quick-replies",
          role: "group",
          "aria-label": "Suggested replies",
        });
        for (const button of entry.buttons) {
          const node = el("button", { type: "button", className: "fg-quick-reply" }, button.title);
          node.addEventListener("click", () => {
            this.send(button.payload, button.title);
            this.input.focus(); // the button is gone now; keep keyboard users in the chat
          });
          group.append(node);
        }
        bubbles[i].after(group);
      });
    }

    scrollToEnd() {
      this.scroller.scrollTop = this.scroller.scrollHeight;
    }

    /** Scrolls to the end, but never past the start of a reply: long answers read from the top. */
    revealReplyFrom(node) {
      const offset = node.getBoundingClientRect().top - this.scroller.getBoundingClientRect().top;
      const replyTop = this.scroller.scrollTop + offset - 8;
      this.scroller.scrollTop = Math.min(replyTop, this.scroller.scrollHeight);
    }

    // -- sending

    /** Shows `shown` as the user's bubble and sends `message` (a button sends its payload). */
    send(message, shown) {
      if (!this.sessionId) this.sessionId = this.freshSession();
      this.append({ from: "user", text: shown });
      this.setTyping(+1);
      const sessionId = this.sessionId;
      // One message at a time, in order; deliver() never rejects, so the queue never jams.
      this.queue = this.queue.then(() => this.deliver(sessionId, message));
    }

    async deliver(sessionId, message) {
      const current = () => sessionId === this.sessionId; // false once the chat was cleared
      let nodes = [];
      try {
        const messages = await askRasaUntilAnswered(this.config, sessionId, message, current);
        if (current()) nodes = toBotEntries(messages).map((entry) => this.append(entry));
      } catch (_error) {
        if (current()) this.append({ from: "offline" });
      } finally {
        this.setTyping(-1);
      }
      if (nodes.length) this.revealReplyFrom(nodes[0]);
    }

    setTyping(delta) {
      this.pending = Math.max(0, this.pending + delta);
      const busy = this.pending > 0;
      if (busy === !this.typing.hidden) return;
      this.typing.hidden = !busy;
      this.typing.replaceChildren(
        ...(busy
          ? [
              el("span", { className: "fg-visually-hidden" }, this.config.title + " is typing"),
              el("span", { className: "fg-dots", "aria-hidden": "true" }, [
                el("span"),
                el("span"),
                el("span"),
              ]),
            ]
          : [])
      );
      if (busy) this.scrollToEnd();
    }

    // -- privacy and safety

    clearChat() {
      this.store.clearAll();
      this.transcript = [];
      this.sessionId = null; // the next message starts a new conversation on the server too
      this.store.set("open", this.isOpen());
      this.renderTranscript();
      this.input.value = "";
      this.input.focus();
    }

    quickExit() {
      this.store.clearAll();
      this.transcript = [];
      this.log.replaceChildren();
      this.host.remove();
      location.replace(this.config.neutralUrl);
    }

    onKeydown(event) {
      const inWidget = event.composedPath().includes(this.host);
      const focusLost = document.activeElement === document.body;
      if (event.key === "Escape" && this.isOpen() && (inWidget || focusLost)) {
        event.preventDefault();
        this.close();
      }
      this.watchForShiftExit(event);
    }

    /** Three Shift presses in a row (nothing typed between) leave the site. */
    watchForShiftExit(event) {
      if (event.key !== "Shift") {
        this.shiftPresses = [];
        return;
      }
      if (event.repeat) return;
      const now = Date.now();
      this.shiftPresses = this.shiftPresses.filter((t) => now - t < SHIFT_WINDOW_MS).concat(now);
      if (this.shiftPresses.length >= SHIFT_PRESSES_FOR_EXIT) this.quickExit();
    }
  }

  // ---------------------------------------------------------------- start

  const script = document.currentScript;
  const start = () => {
    if (window.FamilyGuide) return; // embedded twice: keep the first
    const widget = new FamilyGuideWidget(readConfig(script));
    window.FamilyGuide = {
      open: () => widget.open(),
      close: () => widget.close(),
      clear: () => widget.clearChat(),
      quickExit: () => widget.quickExit(),
    };
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
