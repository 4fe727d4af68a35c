"""Sign-in (password, then TOTP or TOTP enrolment), password change, sign-out.

Between the password and the second factor the session holds only a "pending" marker with
the user id, epoch and time; nobody counts as signed in until the second factor is accepted.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from argon2 import PasswordHasher
from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from werkzeug.wrappers import Response

from admin.auth import clock, lockout, sessions, totp
from admin.auth.audit_hooks import record
from admin.auth.forms import ChangePasswordForm, CodeForm, ConfirmForm, SignInForm
from hearing.models import User
from hearing.passwords import hash_password, needs_rehash, verify_password
from hearing.web import db_session

bp = Blueprint("auth", __name__)

# Verified against when the username is unknown, so both cases take as long.
_DUMMY_HASH: dict[int, str] = {}

UNKNOWN_NAMES_KEY = "admin.auth.unknown_names"


def _hasher() -> dict[str, PasswordHasher]:
    hasher = current_app.config.get("ADMIN_PASSWORD_HASHER")
    return {"hasher": hasher} if hasher is not None else {}


def _dummy_hash() -> str:
    kw = _hasher()
    key = id(kw.get("hasher"))
    if key not in _DUMMY_HASH:
        _DUMMY_HASH[key] = hash_password("not a real password", **kw)
    return _DUMMY_HASH[key]


def _generic_failure() -> str:
    return _("The username or password is not correct.")


def _locked_message(until: dt.datetime) -> str:
    # Same words for real and unknown accounts: the message must not confirm an account exists.
    return _("Too many failed attempts. Signing in with this username is locked until "
             "%(until)s. Try again then, or ask an administrator.",
             until=format_datetime(until, "short"))


def _safe_next(target: str | None) -> str | None:
    # Only a path on this site: never "//host" or "https://…" (open redirect).
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> Any:
    if current_user.is_authenticated:
        return redirect(url_for("office.index"))
    form = SignInForm()
    error: str | None = None
    if form.validate_on_submit():
        db = db_session()
        now = clock.now()
        name = (form.username.data or "").strip()
        user = db.scalar(select(User).where(User.username == name))
        if user is None:
            unknown: lockout.UnknownNames = current_app.extensions[UNKNOWN_NAMES_KEY]
            until = unknown.locked_until(name, now)
            if until is None:
                verify_password(_dummy_hash(), form.password.data or "", **_hasher())
                until = unknown.fail(name, now)
            error = _locked_message(until) if until else _generic_failure()
            record("sign_in.failed", actor=None, target=f"username:{name[:64]}",
                   actor_label="anonymous", detail={"stage": "password"})
            db.commit()
        elif (until := lockout.locked_until(user, now)) is not None:
            # Locked: the password is not even checked, so guessing on is pointless.
            error = _locked_message(until)
        elif verify_password(user.password_hash, form.password.data or "", **_hasher()) \
                and user.active:
            if needs_rehash(user.password_hash, **_hasher()):
                user.password_hash = hash_password(form.password.data or "", **_hasher())
            db.commit()
            session.clear()
            session[sessions.PENDING] = {
                "uid": user.id, "epoch": user.session_epoch, "at": now.timestamp(),
                "next": _safe_next(request.args.get("next")),
            }
            return redirect(url_for("auth.second_factor" if user.totp_confirmed
                                    else "auth.enrol"))
        else:
            until = lockout.fail(user, now)
            record("sign_in.failed", actor=None, target=f"user:{user.id}",
                   actor_label="anonymous", detail={"stage": "password"})
            db.commit()
            error = _locked_message(until) if until else _generic_failure()
    return render_template("auth/sign_in.html", form=form, error=error), (
        200 if error is None else 401)


def _pending_user() -> User | None:
    """The user whose password was accepted in this session in the last few minutes."""
    pending = session.get(sessions.PENDING)
    if not isinstance(pending, dict):
        return None
    started = dt.datetime.fromtimestamp(pending.get("at", 0), dt.UTC)
    if clock.now() - started > sessions.PENDING_FOR:
        session.pop(sessions.PENDING, None)
        return None
    user = db_session().get(User, pending.get("uid"))
    if user is None or not user.active or user.session_epoch != pending.get("epoch"):
        return None
    return user


def _restart(message: str | None = None) -> Response:
    session.pop(sessions.PENDING, None)
    flash(message or _("Please sign in again."), "error" if message else "info")
    return redirect(url_for("auth.sign_in"))


def _complete(user: User, *, enrolled: bool = False) -> Response:
    next_url = (session.get(sessions.PENDING) or {}).get("next")
    lockout.succeed(user)
    if enrolled:
        record("totp.enrolled", actor=user, target=f"user:{user.id}")
    record("sign_in.succeeded", actor=user, target=f"user:{user.id}")
    db_session().commit()
    sessions.start(user)
    if user.must_change_password:
        return redirect(url_for("auth.change_password"))
    return redirect(_safe_next(next_url) or url_for("office.index"))


def _code_failed(user: User, stage: str) -> tuple[str | None, Response | None]:
    """Count a wrong code; a lock ends this sign-in attempt."""
    until = lockout.fail(user, clock.now())
    record("sign_in.failed", actor=None, target=f"user:{user.id}", actor_label="anonymous",
           detail={"stage": stage})
    db_session().commit()
    if until is not None:
        return None, _restart(_locked_message(until))
    return _("The code is not correct, or it was used already. Wait for the next code "
             "and try again."), None


@bp.route("/sign-in/code", methods=["GET", "POST"])
def second_factor() -> Any:
    user = _pending_user()
    if user is None:
        return _restart()
    if not user.totp_confirmed:
        return redirect(url_for("auth.enrol"))
    if (until := lockout.locked_until(user, clock.now())) is not None:
        return _restart(_locked_message(until))
    form = CodeForm()
    error: str | None = None
    if form.validate_on_submit():
        if totp.accept(db_session(), user, form.code.data or "", clock.now()):
            return _complete(user)
        error, restart = _code_failed(user, "totp")
        if restart is not None:
            return restart
    return render_template("auth/second_factor.html", form=form, error=error), (
        200 if error is None else 401)


@bp.route("/sign-in/enrol", methods=["GET", "POST"])
def enrol() -> Any:
    user = _pending_user()
    if user is None:
        return _restart()
    if user.totp_confirmed:
        return redirect(url_for("auth.second_factor"))
    if (until := lockout.locked_until(user, clock.now())) is not None:
        return _restart(_locked_message(until))
    db = db_session()
    if not user.totp_secret:
        # Kept until confirmed, so reloading the page shows the same QR code.
        user.totp_secret = totp.new_secret()
        user.totp_last_step = None
        db.commit()
    form = CodeForm()
    error: str | None = None
    if form.validate_on_submit():
        if totp.accept(db, user, form.code.data or "", clock.now()):
            user.totp_confirmed = True
            return _complete(user, enrolled=True)
        error, restart = _code_failed(user, "enrol")
        if restart is not None:
            return restart
    return render_template(
        "auth/enrol.html", form=form, error=error, qr=totp.qr_data_uri(user),
        secret=totp.grouped_secret(user.totp_secret or ""), issuer=totp.ISSUER,
        username=user.username,
    ), 200 if error is None else 401


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password() -> Any:
    user: User = current_user.user
    form = ChangePasswordForm()
    if form.validate_on_submit():
        new = form.new_password.data or ""
        if not verify_password(user.password_hash, form.current_password.data or "",
                               **_hasher()):
            form.current_password.errors = [_("The current password is not correct.")]
        elif verify_password(user.password_hash, new, **_hasher()):
            form.new_password.errors = [_("Choose a password different from the current one.")]
        else:
            user.password_hash = hash_password(new, **_hasher())
            user.must_change_password = False
            # A new password ends every other session, as a reset would.
            sessions.bump_epoch(user)
            record("password.changed", actor=user, target=f"user:{user.id}")
            db_session().commit()
            sessions.renew_epoch(user)
            flash(_("Your new password is set."), "info")
            return redirect(url_for("office.index"))
    return render_template("auth/change_password.html", form=form,
                           forced=user.must_change_password)


@bp.post("/sign-out")
def sign_out() -> Response:
    # CSRFProtect has already refused a POST without a valid token.
    if current_user.is_authenticated:
        user: User = current_user.user
        record("sign_out", actor=user, target=f"user:{user.id}")
        db_session().commit()
    sessions.end()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.sign_in"))


@bp.post("/sign-out-everywhere")
@login_required
def sign_out_everywhere() -> Response:
    user: User = current_user.user
    sessions.bump_epoch(user)
    record("sign_out.everywhere", actor=user, target=f"user:{user.id}")
    db_session().commit()
    sessions.renew_epoch(user)
    flash(_("Every other session of yours is signed out."), "info")
    return redirect(url_for("auth.account"))


@bp.get("/account")
@login_required
def account() -> str:
    return render_template("auth/account.html", user=current_user.user, form=ConfirmForm())


@bp.app_context_processor
def sign_out_form() -> dict[str, Any]:
    return {"sign_out_form": ConfirmForm}
