// Idle kiosk: after a while without touch or keys, a warning; then the screen locks and the
// server drops the draft key. The sitting's end time is shown and locks the screen too.
(function () {
  "use strict";
  const body = document.body;
  const warnAfter = Number(body.dataset.idleWarning || 0) * 1000;
  const lockAfter = Number(body.dataset.idleLock || 0) * 1000;
  const sittingEnds = body.dataset.sittingEnds ? Date.parse(body.dataset.sittingEnds) : null;
  const dialog = document.getElementById("idle-dialog");
  const stay = document.getElementById("idle-stay");
  const countdown = document.getElementById("idle-countdown");
  const sittingLeft = document.getElementById("sitting-left");
  const csrf = document.querySelector("meta[name=csrf-token]");
  if (!lockAfter || !dialog) return;

  let lastActivity = Date.now();
  let locking = false;

  function lock() {
    if (locking) return;
    locking = true;
    // Give a pending autosave its chance first; it resolves quickly or fails.
    const pending = window.hearingAutosave ? window.hearingAutosave.flush() : Promise.resolve();
    pending.finally(() => {
      fetch(body.dataset.lockUrl, {
        method: "POST", credentials: "same-origin",
        headers: { "X-CSRFToken": csrf ? csrf.content : "", "Accept": "application/json",
                   "Content-Type": "application/json" },
        body: "{}",
      }).finally(() => { window.location.assign(body.dataset.lockedUrl); });
    });
  }

  function activity() {
    lastActivity = Date.now();
    if (!dialog.hidden) {
      dialog.hidden = true;
    }
  }

  ["pointerdown", "keydown", "input", "touchstart", "wheel"].forEach((type) =>
    document.addEventListener(type, activity, { passive: true, capture: true }));
  if (stay) stay.addEventListener("click", activity);

  function minutesLeft(ms) { return Math.max(0, Math.ceil(ms / 60000)); }

  setInterval(() => {
    const idle = Date.now() - lastActivity;
    if (idle >= lockAfter) { lock(); return; }
    if (idle >= warnAfter && dialog.hidden) {
      dialog.hidden = false;
      if (stay) stay.focus();
    }
    if (!dialog.hidden && countdown) {
      countdown.textContent = String(Math.ceil((lockAfter - idle) / 1000));
    }
    if (sittingEnds) {
      const left = sittingEnds - Date.now();
      if (left <= 0) { lock(); return; }
      if (sittingLeft) sittingLeft.textContent = String(minutesLeft(left));
    }
  }, 1000);
})();
