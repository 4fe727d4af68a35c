"""Administrators: list, create, reset and deactivate users.

One-time passwords are shown once, in the response to the action that made them, and never
stored or flashed: a reload of the page does not show them again.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from werkzeug.wrappers import Response
from wtforms import BooleanField, SelectField, SelectMultipleField, StringField, widgets
from wtforms.validators import DataRequired, Length, Optional, Regexp

from admin.access import current_staff, require_roles
from admin.auth import sessions
from admin.auth.audit_hooks import record
from admin.labels import ROLE_LABELS
from hearing.models import Location, Organisation, OrganisationKind, Role, User, UserRole
from hearing.passwords import hash_password, one_time_password
from hearing.web import db_session

bp = Blueprint("users", __name__, url_prefix="/users")


class CheckboxesField(SelectMultipleField):
    # Checkboxes rather than a <select multiple>: usable without ctrl-click, big targets.
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class UserForm(FlaskForm):
    username = StringField(
        _l("Username"),
        validators=[DataRequired(_l("Enter a username.")), Length(max=64),
                    Regexp(r"^[a-z0-9._-]+$",
                           message=_l("Use lower-case letters, digits, dots, dashes, "
                                      "underscores."))],
        render_kw={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"},
    )
    full_name = StringField(_l("Full name"),
                            validators=[DataRequired(_l("Enter the full name.")),
                                        Length(max=200)],
                            render_kw={"autocomplete": "off"})
    email = StringField(_l("Email address"),
                        validators=[Optional(), Length(max=254),
                                    # A light check: email_validator is not a dependency.
                                    Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
                                           message=_l("Enter a valid email address."))],
                        render_kw={"autocomplete": "off", "type": "email"})
    roles = CheckboxesField(_l("Roles"), choices=[],
                            validators=[DataRequired(_l("Choose at least one role."))])
    organisation_id = SelectField(_l("Organisation"), coerce=int, choices=[])
    location_id = SelectField(_l("Location (hosts)"), coerce=int, choices=[])
    register_number = StringField(_l("Sworn translator register number (translators)"),
                                  validators=[Optional(), Length(max=32)],
                                  render_kw={"autocomplete": "off"})

    def fill_choices(self) -> None:
        db = db_session()
        self.roles.choices = [(r.value, str(ROLE_LABELS[r])) for r in Role]
        self.organisation_id.choices = [(0, _("(none)"))] + [
            (o.id, o.name) for o in db.scalars(select(Organisation).order_by(Organisation.name))
        ]
        self.location_id.choices = [(0, _("(none)"))] + [
            (loc.id, loc.name) for loc in db.scalars(select(Location).order_by(Location.name))
        ]

    def extra_errors(self) -> bool:
        """Checks across fields; True when there are any."""
        db = db_session()
        roles = set(self.roles.data or [])
        if db.scalar(select(User.id).where(User.username == self.username.data)) is not None:
            self.username.errors = [_("This username is taken.")]
        if Role.HOST in roles and not self.location_id.data:
            self.location_id.errors = [_("A host needs a location.")]
        org = db.get(Organisation, self.organisation_id.data) if self.organisation_id.data \
            else None
        if Role.TRANSLATOR in roles:
            if org is None or org.kind != OrganisationKind.TRANSLATION_AGENCY:
                self.organisation_id.errors = [_("A translator needs a translation agency.")]
            if not (self.register_number.data or "").strip():
                self.register_number.errors = [_("A translator needs a register number.")]
        if Role.LAWYER in roles and (org is None or org.kind != OrganisationKind.LAW_FIRM):
            self.organisation_id.errors = [_("A lawyer needs a law firm.")]
        return any((self.username.errors, self.location_id.errors,
                    self.organisation_id.errors, self.register_number.errors))


class ResetForm(FlaskForm):
    reset_totp = BooleanField(_l("Also reset the authenticator app (new QR code at next sign-in)"))


class ConfirmForm(FlaskForm):
    pass


def _user_or_404(user_id: int) -> User:
    user = db_session().get(User, user_id)
    if user is None:
        abort(404)
    return user


@bp.get("/")
@require_roles(Role.ADMINISTRATOR)
def list_users() -> str:
    users = db_session().scalars(select(User).order_by(User.username)).all()
    return render_template("users/list.html", users=users)


@bp.route("/new", methods=["GET", "POST"])
@require_roles(Role.ADMINISTRATOR)
def create_user() -> Any:
    form = UserForm()
    form.fill_choices()
    if form.validate_on_submit() and not form.extra_errors():
        password = one_time_password()
        user = User(
            username=form.username.data, full_name=form.full_name.data,
            email=form.email.data or None,
            organisation_id=form.organisation_id.data or None,
            location_id=form.location_id.data or None,
            register_number=(form.register_number.data or "").strip() or None,
            password_hash=hash_password(password), must_change_password=True,
        )
        user.roles = [UserRole(role=r) for r in dict.fromkeys(form.roles.data or [])]
        db = db_session()
        db.add(user)
        db.flush()
        record("user.created", actor=current_staff(), target=f"user:{user.id}",
               detail={"roles": sorted(user.role_names)})
        db.commit()
        return render_template("users/password_once.html", user=user, password=password,
                               created=True)
    return render_template("users/new.html", form=form)


@bp.get("/<int:user_id>")
@require_roles(Role.ADMINISTRATOR)
def show_user(user_id: int) -> str:
    return render_template("users/detail.html", user=_user_or_404(user_id),
                           reset_form=ResetForm(), confirm_form=ConfirmForm(),
                           is_self=user_id == current_staff().id)


@bp.post("/<int:user_id>/reset")
@require_roles(Role.ADMINISTRATOR)
def reset_password(user_id: int) -> Any:
    user = _user_or_404(user_id)
    form = ResetForm()
    if not form.validate_on_submit():
        return redirect(url_for("users.show_user", user_id=user.id))
    password = one_time_password()
    user.password_hash = hash_password(password)
    user.must_change_password = True
    user.failed_logins = 0
    user.locked_until = None
    sessions.bump_epoch(user)  # whoever is signed in as this user is signed out
    if form.reset_totp.data:
        user.totp_secret = None
        user.totp_confirmed = False
        user.totp_last_step = None
    actor = current_staff()
    record("user.password_reset", actor=actor, target=f"user:{user.id}",
           detail={"totp_reset": bool(form.reset_totp.data)})
    db_session().commit()
    if user.id == actor.id:
        sessions.renew_epoch(user)
    return render_template("users/password_once.html", user=user, password=password,
                           created=False)


@bp.post("/<int:user_id>/deactivate")
@require_roles(Role.ADMINISTRATOR)
def deactivate(user_id: int) -> Response:
    user = _user_or_404(user_id)
    actor = current_staff()
    if user.id == actor.id:
        flash(_("You cannot deactivate your own account."), "error")
        return redirect(url_for("users.show_user", user_id=user.id))
    user.active = False
    sessions.bump_epoch(user)
    record("user.deactivated", actor=actor, target=f"user:{user.id}")
    db_session().commit()
    flash(_("%(name)s can no longer sign in.", name=user.username), "info")
    return redirect(url_for("users.show_user", user_id=user.id))


@bp.post("/<int:user_id>/activate")
@require_roles(Role.ADMINISTRATOR)
def activate(user_id: int) -> Response:
    user = _user_or_404(user_id)
    user.active = True
    record("user.activated", actor=current_staff(), target=f"user:{user.id}")
    db_session().commit()
    flash(_("%(name)s can sign in again.", name=user.username), "info")
    return redirect(url_for("users.show_user", user_id=user.id))
