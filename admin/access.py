"""Who may see which case: the one place the back office decides it.

Every view that touches a case goes through :func:`case_for` (or the :func:`with_case`
decorator), never through ``db_session().get(Case, id)``. A case the user may not see answers
**404**, exactly like a case that does not exist: guessing ids must not reveal anything.

Convention for routes: a case id in a URL is always ``<int:case_id>``. The test
``tests/admin/test_every_case_route.py`` walks every such rule of the app with every role
against a case that role may not see, so a new route is covered the moment it is added.

Access matrix (a user with several roles gets the union):

=================  ==========================================================================
role               cases
=================  ==========================================================================
planner            all cases, content included
administrator      the case *list* (metadata: V-number, name, state, route, deadlines) of all
                   cases; no case pages with content. Administrators manage users.
host               cases with a current booking (not cancelled or rebooked) at the host's own
                   location (``User.location_id``)
translator         cases assigned to the translator's agency (``Case.translation_agency_id ==
                   User.organisation_id``) once they reach translation: in translation, in
                   lawyer review, ready for screening, handed off, decided, hearing needed
lawyer             own clients only: ``Case.lawyer_id == User.id``
screener           cases ready for screening or later (handed off, decided, hearing needed)
decision officer   cases handed to them (a ``Handoff`` with ``decision_officer_id == User.id``)
=================  ==========================================================================

Withdrawn and excluded cases drop out of the translator's and screener's views: strict by
default. ``Purpose.METADATA`` asks for the list-level facts; ``Purpose.CONTENT`` for anything
beyond that (answers, translations, notes, bookings, decisions) and is what views use unless
they show list-level facts only.

Getting the signed-in user: :func:`current_staff` returns the :class:`hearing.models.User`.
Role checks: ``@require_roles(Role.PLANNER, ...)`` below ``@bp.get(...)``.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from flask import abort, current_app
from flask_login import current_user
from sqlalchemy import ColumnElement, Select, false, or_, select, true

from hearing.models import Booking, BookingStatus, Case, CaseState, Handoff, Role, User
from hearing.web import db_session

P = ParamSpec("P")
R = TypeVar("R")


class Purpose(enum.StrEnum):
    METADATA = "metadata"  # V-number, name, state, route, deadlines: what a work queue shows
    CONTENT = "content"  # anything more


S = CaseState
TRANSLATION_OR_LATER = (
    S.IN_TRANSLATION, S.IN_LAWYER_REVIEW, S.READY_FOR_SCREENING,
    S.HANDED_TO_DECISION_OFFICER, S.DECIDED_ON_FORM, S.HEARING_IN_PERSON_NEEDED,
)
SCREENING_OR_LATER = (
    S.READY_FOR_SCREENING, S.HANDED_TO_DECISION_OFFICER, S.DECIDED_ON_FORM,
    S.HEARING_IN_PERSON_NEEDED,
)
# A host's view follows the sitting: history rows of a moved or cancelled sitting do not count.
HOST_BOOKING_STATUSES = tuple(
    s.value for s in BookingStatus if s not in (BookingStatus.CANCELLED, BookingStatus.REBOOKED)
)


def current_staff() -> User:
    """The signed-in user. Only call it behind ``require_roles`` or ``login_required``."""
    if not current_user.is_authenticated:
        raise RuntimeError("current_staff() called without a signed-in user")
    return current_user.user  # type: ignore[no-any-return]


def require_roles(*roles: Role) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Signed out: to the sign-in page. Signed in without any of ``roles``: 403."""
    if not roles:
        raise ValueError("require_roles needs at least one role")

    def decorator(view: Callable[P, R]) -> Callable[P, R]:
        @wraps(view)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            if not current_user.is_authenticated:
                return current_app.login_manager.unauthorized()  # type: ignore[attr-defined,no-any-return]
            if not current_user.user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        wrapper.required_roles = frozenset(roles)  # type: ignore[attr-defined]
        return wrapper

    return decorator


def _conditions(user: User, purpose: Purpose) -> list[ColumnElement[bool]]:
    if not user.active:
        return []
    roles = user.role_names
    if Role.PLANNER in roles:
        return [true()]
    conditions: list[ColumnElement[bool]] = []
    if Role.ADMINISTRATOR in roles and purpose is Purpose.METADATA:
        conditions.append(true())
    if Role.HOST in roles and user.location_id is not None:
        conditions.append(Case.id.in_(
            select(Booking.case_id).where(Booking.location_id == user.location_id,
                                          Booking.status.in_(HOST_BOOKING_STATUSES))))
    if Role.TRANSLATOR in roles and user.organisation_id is not None:
        conditions.append((Case.translation_agency_id == user.organisation_id)
                          & Case.state.in_([s.value for s in TRANSLATION_OR_LATER]))
    if Role.LAWYER in roles:
        conditions.append(Case.lawyer_id == user.id)
    if Role.SCREENER in roles:
        conditions.append(Case.state.in_([s.value for s in SCREENING_OR_LATER]))
    if Role.DECISION_OFFICER in roles:
        conditions.append(Case.id.in_(
            select(Handoff.case_id).where(Handoff.decision_officer_id == user.id)))
    return conditions


def visible_cases(user: User, purpose: Purpose = Purpose.METADATA) -> Select[tuple[Case]]:
    """Every case ``user`` may see for ``purpose``, as a query to filter and order further."""
    conditions = _conditions(user, purpose)
    return select(Case).where(or_(*conditions) if conditions else false())


def may_see(user: User, case_id: int, *, purpose: Purpose) -> bool:
    query = visible_cases(user, purpose).where(Case.id == case_id).with_only_columns(Case.id)
    return db_session().scalar(query) is not None


def case_for(user: User, case_id: int, *, purpose: Purpose) -> Case:
    """The case if ``user`` may see it for ``purpose``; otherwise 404, as if it did not exist."""
    case = db_session().scalar(visible_cases(user, purpose).where(Case.id == case_id))
    if case is None:
        abort(404)
    return case


def with_case(purpose: Purpose) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """Turn the route's ``case_id`` into a checked ``case`` argument (sign-in required).

    The purpose is kept on the view (``case_purpose``) so the route-walking test knows which
    routes show list-level facts only.
    """

    def decorator(view: Callable[..., R]) -> Callable[..., R]:
        @wraps(view)
        def wrapper(*args: Any, case_id: int, **kwargs: Any) -> R:
            if not current_user.is_authenticated:
                return current_app.login_manager.unauthorized()  # type: ignore[attr-defined,no-any-return]
            return view(*args, case=case_for(current_staff(), case_id, purpose=purpose),
                        **kwargs)

        wrapper.case_purpose = purpose  # type: ignore[attr-defined]
        return wrapper

    return decorator
