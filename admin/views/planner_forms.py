"""The planner's forms: a new case, a CSV file, the route, a withdrawal, the case list filter.

Field rules mirror :func:`hearing.intake.validate_row`, so a case typed in and a case imported
are held to the same standard; the messages here are the back office's own (translated).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from sqlalchemy import select
from wtforms import (
    BooleanField,
    Field,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import DataRequired, Length, Regexp, ValidationError

from admin.labels import ROUTE_LABELS, STATE_LABELS
from hearing.countries import is_nationality
from hearing.intake import BOOL_COLUMNS, V_NUMBER
from hearing.locales import supported_locales
from hearing.models import COMPLEX_GROUNDS, Case, CaseState, Role, Route, User
from hearing.web import db_session

# What each registration fact means, for the form and the case page.
FACT_LABELS = {
    "unaccompanied_minor": _l("Unaccompanied minor"),
    "nv_signal": _l("National-security (NV) signal"),
    "f1_signal": _l("Article 1F signal"),
    "dublin_claim": _l("Dublin claim pending"),
    "safe_country_or_eu_protection": _l("Safe country of origin or protection elsewhere in "
                                        "the EU"),
    "subsequent_application": _l("Subsequent application"),
    "further_hearing_held": _l("Further hearing already held"),
    "literate_in_supported_language": _l("Reads and writes a supported language"),
    "medical_unfit": _l("Medical advice: cannot be heard"),
}
GROUND_LABELS = {
    "conversion": _l("Conversion"),
    "lgbti": _l("LGBTI"),
    "gender_violence": _l("Gender-based violence"),
    "trafficking": _l("Trafficking"),
}
assert set(FACT_LABELS) == set(BOOL_COLUMNS) and set(GROUND_LABELS) == set(COMPLEX_GROUNDS)


class CheckboxesField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def lawyer_choices() -> list[tuple[int, str]]:
    users = db_session().scalars(
        select(User).where(User.active.is_(True)).order_by(User.full_name)).all()
    return [(0, _("(no lawyer yet)"))] + [
        (u.id, f"{u.full_name} ({u.organisation.name})" if u.organisation else u.full_name)
        for u in users if u.has_role(Role.LAWYER)
    ]


class CaseForm(FlaskForm):
    v_number = StringField(
        _l("V-number"),
        validators=[DataRequired(_l("Enter the V-number.")),
                    Regexp(V_NUMBER.pattern, message=_l(
                        "A V-number is V followed by 8 to 10 digits, e.g. V123456789."))],
        filters=[lambda v: (v or "").strip().upper()],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    family_name = StringField(_l("Family name"), validators=[
        DataRequired(_l("Enter the family name.")), Length(max=200)],
        filters=[lambda v: (v or "").strip()], render_kw={"autocomplete": "off"})
    given_names = StringField(_l("Given names"), validators=[
        DataRequired(_l("Enter the given names.")), Length(max=200)],
        filters=[lambda v: (v or "").strip()], render_kw={"autocomplete": "off"})
    # A plain text field with the date type: the browser's date picker where there is one,
    # and our own message (not WTForms') when the value is not a date.
    date_of_birth = StringField(_l("Date of birth"), render_kw={"type": "date"})
    nationality = StringField(
        _l("Nationality"), filters=[lambda v: (v or "").strip().upper()],
        render_kw={"autocomplete": "off", "maxlength": "3", "spellcheck": "false"})
    preferred_locale = SelectField(_l("Applicant's language"), choices=[])
    lawyer_id = SelectField(_l("Lawyer"), coerce=int, choices=[])
    facts = CheckboxesField(_l("Facts from registration"), choices=[])
    complex_grounds = CheckboxesField(_l("Complex personal grounds given at registration"),
                                      choices=[])

    def fill_choices(self) -> None:
        self.preferred_locale.choices = [
            (loc.code, f"{loc.english} – {loc.native}") for loc in supported_locales()]
        self.lawyer_id.choices = lawyer_choices()
        self.facts.choices = [(k, str(v)) for k, v in FACT_LABELS.items()]
        self.complex_grounds.choices = [(k, str(v)) for k, v in GROUND_LABELS.items()]

    def validate_v_number(self, field: Field) -> None:
        if field.data and db_session().scalar(
                select(Case.id).where(Case.v_number == field.data)) is not None:
            raise ValidationError(_("A case with this V-number already exists."))

    def validate_date_of_birth(self, field: Field) -> None:
        raw = (field.data or "").strip()
        if not raw:
            raise ValidationError(_("Enter the date of birth."))
        try:
            born = dt.date.fromisoformat(raw)
        except ValueError:
            raise ValidationError(_("Enter the date of birth as YYYY-MM-DD.")) from None
        if born > dt.date.today():
            raise ValidationError(_("The date of birth cannot be in the future."))

    def validate_nationality(self, field: Field) -> None:
        if not field.data:
            raise ValidationError(_("Enter the nationality."))
        if not is_nationality(field.data):
            raise ValidationError(_("Use the three-letter ISO code, e.g. SYR; XXA for "
                                    "stateless applicants."))

    def case_values(self) -> dict[str, Any]:
        facts = set(self.facts.data or [])
        values: dict[str, Any] = {
            "v_number": self.v_number.data,
            "family_name": self.family_name.data,
            "given_names": self.given_names.data,
            "date_of_birth": dt.date.fromisoformat(self.date_of_birth.data.strip()),
            "nationality": self.nationality.data,
            "preferred_locale": self.preferred_locale.data,
            "lawyer_id": self.lawyer_id.data or None,
            "complex_grounds": ";".join(sorted(set(self.complex_grounds.data or []))),
        }
        values.update({column: column in facts for column in BOOL_COLUMNS})
        return values


class ImportForm(FlaskForm):
    file = FileField(_l("CSV file"), validators=[FileRequired(_l("Choose a CSV file."))],
                     render_kw={"accept": ".csv,text/csv"})


class RouteForm(FlaskForm):
    route = RadioField(_l("Route"), choices=[],
                       validators=[DataRequired(_l("Choose a route."))])
    basis = TextAreaField(
        _l("On what basis"),
        validators=[DataRequired(_l("Say on what basis the route was chosen.")),
                    Length(max=2000)],
        render_kw={"rows": "3"})

    def fill_choices(self) -> None:
        self.route.choices = [(r.value, str(ROUTE_LABELS[r])) for r in Route]


class ReasonForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[
        DataRequired(_l("Give the reason.")), Length(max=2000)], render_kw={"rows": "3"})


class ConfirmForm(FlaskForm):
    pass


class CaseFilterForm(FlaskForm):
    # A GET form: filters are bookmarkable and change nothing, so no CSRF token.
    class Meta:
        csrf = False

    state = SelectField(_l("State"), choices=[], default="")
    overdue = BooleanField(_l("Only cases with an overdue deadline"))

    def fill_choices(self) -> None:
        self.state.choices = [("", _("All states"))] + [
            (s.value, str(STATE_LABELS[s])) for s in CaseState]
