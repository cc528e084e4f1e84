"""Messages: each side of a thread reads it; anyone else gets 404, parents and researchers 403."""

from __future__ import annotations

from accounts.models import Role

from . import FORBIDDEN, LOGIN, METHOD, NOT_FOUND, OK, Case

OUTSIDERS = {Role.RESEARCHER: FORBIDDEN, Role.PARENT: FORBIDDEN, Role.YOUTH: FORBIDDEN}
CIRCLE_AND_AGENCY = {
    Role.MAIN_ACCESS_MANAGER: OK,
    Role.ACCESS_MANAGER: OK,
    Role.CIRCLE_USER: OK,
    Role.AGENCY_ADMIN: OK,
}


def _thread(cast, circle_key: str):  # noqa: ANN001, ANN202
    name = f"thread_{circle_key}"
    if name not in cast.named:
        from django.core.files.uploadedfile import SimpleUploadedFile

        from messaging import services
        from tests.factories import member

        circle = cast.organisations[circle_key]
        asker = member(Role.CIRCLE_USER, circle)
        cast.named[name] = services.thread_start(
            actor=asker,
            organisation=circle,
            subject="Vraag",
            body="Hoe vul ik de lijst in?",
            files=[SimpleUploadedFile("vraag.txt", b"RIZIV;Naam\n", content_type="text/plain")],
            handler=cast.organisations["agency"],
        )
    return cast.named[name]


def own_thread(cast):  # noqa: ANN001, ANN202
    return {"thread_id": _thread(cast, "circle_c").pk}


def other_thread(cast):  # noqa: ANN001, ANN202
    return {"thread_id": _thread(cast, "circle_d").pk}


def own_attachment(cast):  # noqa: ANN001, ANN202
    return {"attachment_id": _thread(cast, "circle_c").messages.first().attachments.first().pk}


def other_attachment(cast):  # noqa: ANN001, ANN202
    return {"attachment_id": _thread(cast, "circle_d").messages.first().attachments.first().pk}


CASES = [
    Case("messaging:inbox", anonymous=LOGIN, default=OK, roles=OUTSIDERS),
    Case(
        "messaging:new",
        anonymous=LOGIN,
        default=OK,
        roles={**OUTSIDERS, Role.AGENCY_ADMIN: FORBIDDEN},
    ),
    Case(
        "messaging:thread",
        anonymous=LOGIN,
        default=NOT_FOUND,
        roles={**OUTSIDERS, **CIRCLE_AND_AGENCY},
        args=own_thread,
        foreign=other_thread,
    ),
    Case(
        "messaging:attachment",
        anonymous=LOGIN,
        default=NOT_FOUND,
        roles={**OUTSIDERS, **CIRCLE_AND_AGENCY},
        args=own_attachment,
        foreign=other_attachment,
    ),
    Case("messaging:close", anonymous=LOGIN, default=METHOD, roles=OUTSIDERS, args=own_thread),
    Case("messaging:reopen", anonymous=LOGIN, default=METHOD, roles=OUTSIDERS, args=own_thread),
]
