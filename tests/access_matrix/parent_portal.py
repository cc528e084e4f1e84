"""Parent portal pages and API: parents see their own children (under 12, with authority), doctors
and nurses (role practitioner at the bureau) their organisation's children and sessions."""

from __future__ import annotations

from datetime import time, timedelta

from django.utils import timezone

from accounts.models import Role

from . import FORBIDDEN, LOGIN, METHOD, OK, REDIRECT, Case

PARENT = Role.PARENT
NURSE = Role.PRACTITIONER


def world(cast):  # noqa: ANN001, ANN201
    """Pat's two children at bureau A with an appointment and a questionnaire; twins at B."""
    if "pp_world" in cast.named:
        return cast.named["pp_world"]
    from parent_portal import services
    from tests.factories import member
    from tests.parent_portal.factories import (
        book,
        give_parent,
        make_article,
        make_child,
        make_questionnaire,
        make_session,
    )

    o = cast.organisations
    pat = cast.users[PARENT]
    nurse_a = cast.users[NURSE]
    child = make_child(o["bureau_a"], age_days=300)
    sibling = make_child(o["bureau_a"], age_days=900, first_name="Noor")
    give_parent(child, pat)
    give_parent(sibling, pat)
    session = make_session(
        o["bureau_a"], practitioner=nurse_a, on=timezone.localdate() + timedelta(days=4)
    )
    appointment = book(session, child)
    questionnaire = make_questionnaire()
    assignment = services.questionnaire_assign(
        actor=nurse_a, child=child, questionnaire=questionnaire
    )
    other_parent = member(PARENT, o["bureau_b"])
    foreign_child = make_child(o["bureau_b"], age_days=300)
    give_parent(foreign_child, other_parent)
    foreign_session = make_session(
        o["bureau_b"],
        on=timezone.localdate() + timedelta(days=4),
        start=time(13, 0),
        end=time(15, 0),
    )
    foreign_appointment = book(foreign_session, foreign_child)
    foreign_assignment = services.questionnaire_assign(
        actor=None, child=foreign_child, questionnaire=questionnaire
    )
    make_article()
    cast.named["pp_world"] = w = {
        "child": child,
        "session": session,
        "appointment": appointment,
        "assignment": assignment,
        "foreign_child": foreign_child,
        "foreign_session": foreign_session,
        "foreign_appointment": foreign_appointment,
        "foreign_assignment": foreign_assignment,
        "questionnaire": questionnaire,
    }
    return w


def child(cast):  # noqa: ANN001, ANN201
    return {"child_id": world(cast)["child"].pk}


def foreign_child(cast):  # noqa: ANN001, ANN201
    return {"child_id": world(cast)["foreign_child"].pk}


def appointment(cast):  # noqa: ANN001, ANN201
    return {"appointment_id": world(cast)["appointment"].pk}


def foreign_appointment(cast):  # noqa: ANN001, ANN201
    return {"appointment_id": world(cast)["foreign_appointment"].pk}


def assignment(cast):  # noqa: ANN001, ANN201
    w = world(cast)
    return {"child_id": w["child"].pk, "assignment_id": w["assignment"].pk}


def foreign_assignment(cast):  # noqa: ANN001, ANN201
    w = world(cast)
    return {"child_id": w["foreign_child"].pk, "assignment_id": w["foreign_assignment"].pk}


def section(cast):  # noqa: ANN001, ANN201
    return {**assignment(cast), "number": 1}


def foreign_section(cast):  # noqa: ANN001, ANN201
    return {**foreign_assignment(cast), "number": 1}


def assignment_only(cast):  # noqa: ANN001, ANN201
    return {"assignment_id": world(cast)["assignment"].pk}


def foreign_assignment_only(cast):  # noqa: ANN001, ANN201
    return {"assignment_id": world(cast)["foreign_assignment"].pk}


def bureau(cast):  # noqa: ANN001, ANN201
    world(cast)
    return {"bureau_id": cast.organisations["bureau_a"].pk}


def foreign_bureau(cast):  # noqa: ANN001, ANN201
    return {"bureau_id": cast.organisations["bureau_b"].pk}


def session(cast):  # noqa: ANN001, ANN201
    return {"session_id": world(cast)["session"].pk}


def foreign_session(cast):  # noqa: ANN001, ANN201
    return {"session_id": world(cast)["foreign_session"].pk}


def parent_page(name, args=None, foreign=None, parent=OK):  # noqa: ANN001, ANN201
    return Case(
        name,
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles={PARENT: parent},
        args=args or (lambda cast: (world(cast), {})[1]),
        foreign=foreign,
    )


def staff_page(name, args, foreign=None, nurse=OK):  # noqa: ANN001, ANN201
    return Case(
        name, anonymous=LOGIN, default=FORBIDDEN, roles={NURSE: nurse}, args=args, foreign=foreign
    )


def api(name, args=None, foreign=None, roles=None):  # noqa: ANN001, ANN201
    return Case(
        name,
        anonymous=FORBIDDEN,
        default=FORBIDDEN,
        roles=roles if roles is not None else {PARENT: OK, NURSE: OK},
        args=args or (lambda cast: (world(cast), {})[1]),
        foreign=foreign,
    )


CASES = [
    parent_page("parent_portal:children"),
    parent_page("parent_portal:reminders"),
    parent_page("parent_portal:advice_index"),
    parent_page(
        "parent_portal:advice", args=lambda cast: (world(cast), {"slug": "veilig-slapen"})[1]
    ),
    parent_page("parent_portal:child", child, foreign_child),
    parent_page("parent_portal:appointments", child, foreign_child),
    parent_page(
        "parent_portal:appointment_book",
        lambda cast: {**child(cast), "moment_code": "12 months"},
        lambda cast: {**foreign_child(cast), "moment_code": "12 months"},
    ),
    parent_page("parent_portal:growth", child, foreign_child),
    parent_page("parent_portal:milestones", child, foreign_child),
    parent_page("parent_portal:details", child, foreign_child),
    parent_page("parent_portal:questionnaire", assignment, foreign_assignment, parent=REDIRECT),
    parent_page("parent_portal:questionnaire_section", section, foreign_section),
    parent_page("parent_portal:questionnaire_review", assignment, foreign_assignment),
    parent_page("parent_portal:questionnaire_submitted", assignment, foreign_assignment),
    parent_page("parent_portal:appointment_move", appointment, foreign_appointment),
    parent_page("parent_portal:appointment_ics", appointment, foreign_appointment),
    staff_page("parent_portal:staff_home", lambda cast: {}),
    staff_page("parent_portal:staff_child_create", lambda cast: {}),
    staff_page("parent_portal:staff_child", child, foreign_child),
    staff_page("parent_portal:staff_invite_parent", child, foreign_child),
    staff_page("parent_portal:staff_measurement", child, foreign_child),
    staff_page("parent_portal:staff_milestones", child, foreign_child),
    staff_page("parent_portal:staff_questionnaire_assign", child, foreign_child),
    staff_page("parent_portal:staff_changes_seen", child, nurse=METHOD),
    staff_page("parent_portal:staff_questionnaire", assignment_only, foreign_assignment_only),
    staff_page("parent_portal:week", bureau, foreign_bureau),
    staff_page("parent_portal:session_create", bureau, foreign_bureau),
    staff_page("parent_portal:session", session, foreign_session),
    staff_page("parent_portal:staff_appointment", appointment, foreign_appointment),
    staff_page("parent_portal:staff_postpone", appointment, foreign_appointment),
    api("parent_portal_api:children"),
    api("parent_portal_api:child", child, foreign_child),
    api("parent_portal_api:measurements", child, foreign_child),
    api("parent_portal_api:assignments", child, foreign_child),
    api("parent_portal_api:appointments"),
    api(
        "parent_portal_api:appointment_slots", appointment, foreign_appointment, roles={PARENT: OK}
    ),
    api("parent_portal_api:appointment_reschedule", appointment, roles={PARENT: METHOD}),
    api("parent_portal_api:assignment", assignment_only, foreign_assignment_only),
    api("parent_portal_api:assignment_answers", assignment_only, roles={PARENT: METHOD}),
    api("parent_portal_api:assignment_submit", assignment_only, roles={PARENT: METHOD}),
]
