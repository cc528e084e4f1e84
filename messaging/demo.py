"""Demo data (idempotent): a help thread from the demo circle, answered by the helpdesk."""

from __future__ import annotations

from django.db import transaction

from portal.demo import DemoContext

from . import services
from .models import Thread

SUBJECT = "Hoe vul ik de praktijkvorm in bij een duopraktijk?"


@transaction.atomic
def seed(ctx: DemoContext) -> None:
    circle = ctx.organisations["hak-gent"]
    if Thread.objects.filter(organisation=circle, subject=SUBJECT).exists():
        return
    thread = services.thread_start(
        actor=ctx.users["circle_user"],
        organisation=circle,
        subject=SUBJECT,
        body=(
            "Twee van onze huisartsen werken samen in één praktijk, maar een derde komt "
            "twee dagen per week. Kies ik dan duo of groep?"
        ),
        topic="gp_list",
        handler=ctx.organisations["agency"],
    )
    services.message_post(
        actor=ctx.users["agency_admin"],
        thread=thread,
        side="handler",
        body=(
            "Met drie huisartsen die samen patiënten zien kies je 'groep', ook als één van hen "
            "deeltijds werkt. Vul bij die huisarts wel het juiste aantal uren in."
        ),
    )
    ctx.say("Messages: a demo help thread with an answer from the helpdesk.")
