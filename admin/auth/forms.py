"""Sign-in forms. Every field has a label and the autocomplete hint password managers need."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp

MIN_PASSWORD_LENGTH = 12


class SignInForm(FlaskForm):
    username = StringField(
        _l("Username"), validators=[DataRequired(_l("Enter your username.")), Length(max=64)],
        render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"},
    )
    password = PasswordField(
        _l("Password"), validators=[DataRequired(_l("Enter your password.")), Length(max=1024)],
        render_kw={"autocomplete": "current-password"},
    )


class CodeForm(FlaskForm):
    code = StringField(
        _l("Six-digit code from your authenticator app"),
        validators=[
            DataRequired(_l("Enter the code.")),
            Regexp(r"^\s*(\d\s*){6}$", message=_l("The code has six digits.")),
        ],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric",
                   "pattern": r"[0-9 ]*", "maxlength": "12"},
    )


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"), validators=[DataRequired(_l("Enter your current password."))],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = PasswordField(
        _l("New password"),
        validators=[
            DataRequired(_l("Choose a new password.")),
            Length(min=MIN_PASSWORD_LENGTH, max=1024,
                   message=_l("Use at least %(min)d characters.", min=MIN_PASSWORD_LENGTH)),
        ],
        render_kw={"autocomplete": "new-password", "minlength": str(MIN_PASSWORD_LENGTH)},
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[DataRequired(_l("Type the new password again.")),
                    EqualTo("new_password", _l("The two new passwords differ."))],
        render_kw={"autocomplete": "new-password"},
    )


class ConfirmForm(FlaskForm):
    """A button and a CSRF token: sign out, sign out everywhere."""
