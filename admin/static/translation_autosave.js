// Autosave for the translation and lawyer review forms: shortly after typing stops, the whole
// form is posted with action=autosave and the server answers with the new version number.
// Nothing is kept in browser storage. Without JavaScript the Save button does the same.
(function () {
  "use strict";
  const form = document.querySelector("form[data-autosave]");
  if (!form) return;
  const status = document.getElementById("save-status");
  const version = form.querySelector("input[name=version]");
  const DELAY = 1500;
  let timer = null;
  let busy = false;
  let again = false;

  function say(key) {
    if (status) status.textContent = status.dataset[key] || "";
  }

  async function save() {
    if (busy) { again = true; return; }
    busy = true;
    say("saving");
    const data = new FormData(form);
    data.set("action", "autosave");
    try {
      const response = await fetch(form.action, {
        method: "POST", body: data, credentials: "same-origin",
        headers: { "Accept": "application/json" },
      });
      const body = await response.json();
      if (response.ok && typeof body.version === "number") {
        version.value = String(body.version);
        say("saved");
      } else {
        if (status) status.textContent = body.error || status.dataset.failed;
      }
    } catch (e) {
      say("failed");
    } finally {
      busy = false;
      if (again) { again = false; save(); }
    }
  }

  form.addEventListener("input", function (event) {
    if (event.target.tagName !== "TEXTAREA") return;
    clearTimeout(timer);
    timer = setTimeout(save, DELAY);
  });
})();
