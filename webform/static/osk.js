// On-screen keyboard for the scripts of the supported locales. Kiosk keyboards are Latin;
// this lets an applicant type Arabic, Persian, Dari, Pashto, Sorani, Tigrinya, Amharic or
// Russian by touch. Optional per field: a "Keyboard" button next to each text field opens it.
// Nothing typed is stored by this script; it only inserts characters into the focused field.
(function () {
  "use strict";

  const ARABIC_BASE = [
    "ض ص ث ق ف غ ع ه خ ح ج د",
    "ش س ي ب ل ا ت ن م ك ط",
    "ئ ء ؤ ر لا ى ة و ز ظ ذ",
    "أ إ آ ، ؟ . ! ١ ٢ ٣ ٤ ٥ ٦ ٧ ٨ ٩ ٠",
  ];
  const PERSIAN_BASE = [
    "ض ص ث ق ف غ ع ه خ ح ج چ",
    "ش س ی ب ل ا ت ن م ک گ",
    "ظ ط ز ر ذ د پ و ژ ئ آ",
    "ء ؤ ة ، ؟ . ! ۱ ۲ ۳ ۴ ۵ ۶ ۷ ۸ ۹ ۰",
  ];
  const PASHTO_BASE = [
    "ض ص ث ق ف غ ع ه خ ح ج چ",
    "ش س ی ب ل ا ت ن م ک ګ",
    "ظ ط ز ر ذ د پ و ژ ټ ځ څ",
    "ډ ړ ږ ښ ڼ ې ۍ ي ئ ، ؟ . ۱ ۲ ۳ ۴ ۵ ۶ ۷ ۸ ۹ ۰",
  ];
  const SORANI_BASE = [
    "ق و ە ر ت ی ئ ح ۆ پ ڕ ڵ",
    "ا س د ف گ ه ژ ک ل ێ",
    "ز خ ج ڤ ب ن م چ ش ع غ",
    "ء ، ؟ . ! ١ ٢ ٣ ٤ ٥ ٦ ٧ ٨ ٩ ٠",
  ];
  const CYRILLIC = [
    "й ц у к е н г ш щ з х ъ",
    "ф ы в а п р о л д ж э",
    "я ч с м и т ь б ю ё",
    ", . ? ! - :",
  ];
  // Extra letters for Latin-script locales whose letters a plain keyboard lacks.
  const LATIN_EXTRA = {
    tr: ["ç ğ ı İ ö ş ü Ç Ğ Ö Ş Ü"],
    ku: ["ç ê î û ş Ç Ê Î Û Ş"],
    fr: ["é è ê ë à â ç ù û ü ô î ï œ É È À Ç"],
    so: ["' ?"],
  };
  // Ethiopic: each consonant has seven vowel orders laid out consecutively in Unicode, so a
  // consonant key opens its orders (ሀ ሁ ሂ ሃ ሄ ህ ሆ) instead of a keyboard of 230 keys.
  const ETHIOPIC_CONSONANTS =
    "ሀ ለ ሐ መ ሠ ረ ሰ ሸ ቀ ቐ በ ቨ ተ ቸ ኀ ነ ኘ አ ከ ኸ ወ ዐ ዘ ዠ የ ደ ጀ ገ ጠ ጨ ጰ ጸ ፀ ፈ ፐ".split(" ");
  const ETHIOPIC_PUNCT = "። ፣ ፤ ፥ ፦ ? ! ፩ ፪ ፫ ፬ ፭".split(" ");

  const LAYOUTS = {
    ar: ARABIC_BASE, fa: PERSIAN_BASE, fa_AF: PERSIAN_BASE, ps: PASHTO_BASE,
    ckb: SORANI_BASE, ru: CYRILLIC,
  };

  const locale = document.documentElement.dataset.locale || "en";
  const labels = document.getElementById("osk-labels");
  const text = (key) => (labels && labels.dataset[key]) || key;
  let target = null;
  let panel = null;

  function insert(chars) {
    if (!target) return;
    const start = target.selectionStart ?? target.value.length;
    const end = target.selectionEnd ?? target.value.length;
    const max = target.maxLength > 0 ? target.maxLength : Infinity;
    if (target.value.length - (end - start) + chars.length > max) return;
    target.value = target.value.slice(0, start) + chars + target.value.slice(end);
    const caret = start + chars.length;
    target.setSelectionRange(caret, caret);
    // Autosave listens for input events, so typed and tapped characters save alike.
    target.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function backspace() {
    if (!target) return;
    const start = target.selectionStart ?? target.value.length;
    const end = target.selectionEnd ?? target.value.length;
    if (start === end && start === 0) return;
    const from = start === end ? start - 1 : start;
    target.value = target.value.slice(0, from) + target.value.slice(end);
    target.setSelectionRange(from, from);
    target.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function key(label, onPress, extraClass) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "osk-key" + (extraClass ? " " + extraClass : "");
    button.textContent = label;
    // Keep focus (and the caret) in the text field while tapping keys.
    button.addEventListener("mousedown", (event) => event.preventDefault());
    button.addEventListener("click", onPress);
    return button;
  }

  function row(keys) {
    const div = document.createElement("div");
    div.className = "osk-row";
    keys.forEach((k) => div.appendChild(k));
    return div;
  }

  function charRows(rows) {
    return rows.map((r) => row(r.split(" ").map((ch) => key(ch, () => insert(ch)))));
  }

  function ethiopicRows(area) {
    const consonants = ETHIOPIC_CONSONANTS.map((base) =>
      key(base, () => showOrders(area, base), "osk-consonant"));
    const rows = [];
    for (let i = 0; i < consonants.length; i += 12) rows.push(row(consonants.slice(i, i + 12)));
    rows.push(row(ETHIOPIC_PUNCT.map((ch) => key(ch, () => insert(ch)))));
    return rows;
  }

  function showOrders(area, base) {
    const code = base.codePointAt(0);
    const orders = [];
    for (let i = 0; i < 7; i += 1) orders.push(String.fromCodePoint(code + i));
    area.replaceChildren(row(orders.map((ch) => key(ch, () => {
      insert(ch);
      area.replaceChildren(...ethiopicRows(area));
    }, "osk-order"))), row([key(text("back"), () => area.replaceChildren(...ethiopicRows(area)),
      "osk-wide")]));
    area.querySelector(".osk-key").focus();
  }

  function build() {
    panel = document.createElement("div");
    panel.className = "osk";
    panel.setAttribute("role", "group");
    panel.setAttribute("aria-label", text("keyboard"));
    panel.hidden = true;
    const area = document.createElement("div");
    area.className = "osk-keys";
    const script = document.documentElement.dataset.script;
    if (script === "Ethi") area.append(...ethiopicRows(area));
    else if (LAYOUTS[locale]) area.append(...charRows(LAYOUTS[locale]));
    else area.append(...charRows(LATIN_EXTRA[locale] || ["' ?"]));
    panel.appendChild(area);
    panel.appendChild(row([
      key(text("space"), () => insert(" "), "osk-wide"),
      key("⌫", backspace, "osk-wide"),
      key(text("newline"), () => { if (target && target.tagName === "TEXTAREA") insert("\n"); },
        "osk-wide"),
      key(text("close"), () => hide(), "osk-wide"),
    ]));
    panel.querySelectorAll(".osk-key").forEach((b) => {
      if (!b.getAttribute("aria-label") && b.textContent === "⌫") {
        b.setAttribute("aria-label", text("delete"));
      }
    });
    document.body.appendChild(panel);
  }

  function show(field) {
    if (!panel) build();
    target = field;
    panel.hidden = false;
    field.focus();
  }

  function hide() {
    if (panel) panel.hidden = true;
    if (target) target.focus();
  }

  document.querySelectorAll("[data-osk-for]").forEach((button) => {
    button.addEventListener("click", () => {
      const field = document.getElementById(button.dataset.oskFor);
      if (!field) return;
      if (panel && !panel.hidden && target === field) hide();
      else show(field);
      button.setAttribute("aria-expanded", String(!panel.hidden));
    });
  });
  document.addEventListener("focusin", (event) => {
    const el = event.target;
    if (panel && !panel.hidden && (el.tagName === "TEXTAREA" || el.tagName === "INPUT")
        && el.type !== "hidden" && el.type !== "checkbox" && el.type !== "radio") {
      target = el;
    }
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && panel && !panel.hidden) hide();
  });
})();
