// Autosave: every answer is sent to the server shortly after typing stops, and the field
// shows whether it is saved. Nothing is kept in the browser's storage: an unsaved answer lives
// only in the page until the server acknowledges it. Without JavaScript the page's form posts
// save the same answers.
(function () {
  "use strict";
  const form = document.querySelector("form[data-autosave-url]");
  if (!form) return;
  const url = form.dataset.autosaveUrl;
  const csrf = document.querySelector("meta[name=csrf-token]");
  const status = document.getElementById("save-status");
  const labels = document.getElementById("save-labels").dataset;
  const versionField = form.querySelector("input[name=draft_version]");
  const DELAY = 800;
  const timers = new Map();
  const inflight = new Set();
  let retryDelay = 2000;

  function say(text, kind) {
    if (!status) return;
    status.textContent = text;
    status.dataset.kind = kind;
  }

  function fieldError(name, message) {
    const box = document.getElementById("error-" + name);
    const field = form.querySelector("[name='" + CSS.escape(name) + "']");
    if (box) { box.textContent = message || ""; box.hidden = !message; }
    if (field) {
      if (message) field.setAttribute("aria-invalid", "true");
      else field.removeAttribute("aria-invalid");
    }
  }

  function payloadFor(name) {
    // A question may have several inputs (date parts, checkboxes, special answers): send all
    // the inputs whose name starts with the question's name.
    const data = {};
    new FormData(form).forEach((value, key) => {
      if (key === name || key.startsWith(name + ".")) {
        if (key in data) data[key] = [].concat(data[key], value);
        else data[key] = value;
      }
    });
    return data;
  }

  // Follow-up questions appear and disappear as answers change (the server decides which).
  function showOnly(visible) {
    const wanted = new Set(visible);
    form.querySelectorAll(".question[data-question]").forEach((holder) => {
      holder.hidden = !wanted.has(holder.dataset.question);
    });
  }

  function showProgress(progress) {
    const answered = document.getElementById("progress-answered");
    const total = document.getElementById("progress-total");
    const bar = document.querySelector(".progress-bar");
    if (answered) answered.textContent = progress.answered;
    if (total) total.textContent = progress.total;
    if (bar) {
      bar.setAttribute("aria-valuenow", progress.percent);
      bar.querySelector(".progress-fill").style.width = progress.percent + "%";
    }
  }

  function questionOf(element) {
    const holder = element.closest("[data-question]");
    return holder ? holder.dataset.question : null;
  }

  function save(name) {
    timers.delete(name);
    const body = JSON.stringify({ question: name, values: payloadFor(name),
                                  version: Number(versionField.value) });
    say(labels.saving, "saving");
    const request = fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json",
                 "X-CSRFToken": csrf ? csrf.content : "" },
      body,
    }).then(async (response) => {
      const result = await response.json().catch(() => ({}));
      if (response.ok) {
        versionField.value = result.version;
        if (Array.isArray(result.visible)) showOnly(result.visible);
        if (result.progress) showProgress(result.progress);
        fieldError(name, "");
        retryDelay = 2000;
        say(labels.saved, "saved");
      } else if (response.status === 401) {
        window.location.assign(document.body.dataset.lockedUrl);
      } else if (response.status === 409) {
        say(labels.conflict, "error");
        // Another kiosk saved this draft: show its current state rather than overwrite it.
        setTimeout(() => window.location.reload(), 2500);
      } else if (response.status === 422) {
        fieldError(name, result.message);
        say(labels.notSaved, "error");
      } else {
        throw new Error("status " + response.status);
      }
    }).catch(() => {
      say(labels.offline, "error");
      setTimeout(() => schedule(name, 0), retryDelay);
      retryDelay = Math.min(retryDelay * 2, 30000);
    }).finally(() => inflight.delete(request));
    inflight.add(request);
    return request;
  }

  function schedule(name, delay) {
    clearTimeout(timers.get(name));
    timers.set(name, setTimeout(() => save(name), delay));
    say(labels.unsaved, "pending");
  }

  form.addEventListener("input", (event) => {
    const name = questionOf(event.target);
    if (name) schedule(name, DELAY);
  });
  form.addEventListener("change", (event) => {
    const name = questionOf(event.target);
    if (name) schedule(name, 0);
  });

  window.hearingAutosave = {
    flush() {
      const pending = [...timers.keys()].map((name) => {
        clearTimeout(timers.get(name));
        return save(name);
      });
      return Promise.allSettled([...pending, ...inflight]);
    },
  };
})();
