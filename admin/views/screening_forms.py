"""Forms of the rules, screening, hand-off and decision screens."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    RadioField,
    SelectField,
    SelectMultipleField,
    TextAreaField,
    widgets,
)
from wtforms.validators import DataRequired, Length, Optional

from hearing.models import DecisionOutcome, Route

DISCLOSURE_LABELS = {
    "torture_disclosure": _l("Torture"),
    "trafficking_disclosure": _l("Trafficking"),
}
OUTCOME_LABELS = {
    DecisionOutcome.GRANTED_ON_FORM: _l("Granted on the form"),
    DecisionOutcome.HEARING_IN_PERSON: _l("Hearing in person needed"),
}


class CheckboxesField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class CsrfOnly(FlaskForm):
    """A form with nothing but the CSRF token (buttons, the generated what-if fields)."""


class ContentFactsForm(FlaskForm):
    """What the screener confirms from reading the file (the database cannot tell)."""

    required_answered = BooleanField(_l("Every required question is answered "
                                        "(\"I don't know\" and \"rather in person\" count)"))
    in_person_marked = BooleanField(_l("An answer is marked \"I would rather tell this in "
                                       "person\""))
    disclosures = CheckboxesField(_l("Disclosed in the answers"),
                                  choices=[(k, v) for k, v in DISCLOSURE_LABELS.items()])


class HandoffForm(FlaskForm):
    officer_id = SelectField(_l("Decision officer"), coerce=int, choices=[],
                             validators=[DataRequired(_l("Choose a decision officer."))])
    override_route = SelectField(
        _l("Route after override"), choices=[("", "—"), (Route.PREPARE.value, Route.PREPARE.value),
                                             (Route.REPLACE.value, Route.REPLACE.value)],
        validators=[Optional()])
    override_reason = TextAreaField(_l("Reason for overriding the rules"),
                                    validators=[Optional(), Length(max=4000)])


class ExcludeForm(FlaskForm):
    reason = TextAreaField(_l("Why the case leaves the written procedure"),
                           validators=[DataRequired(_l("Give a reason.")), Length(max=4000)])


class DecisionForm(FlaskForm):
    outcome = RadioField(_l("Outcome"), choices=[(k.value, v) for k, v in OUTCOME_LABELS.items()],
                         validators=[DataRequired(_l("Choose an outcome."))])
    reason = TextAreaField(_l("Reason (required for a hearing in person)"),
                           validators=[Optional(), Length(max=4000)])
