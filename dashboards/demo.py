"""Demo activity for the bureau dashboards (idempotent): two years of generated sessions and
appointments at the demo organiser's two bureaus, their allocated hours (next year included),
then the summary tables rebuilt. The demo authorised person and organiser see the dashboards."""

from __future__ import annotations

from accounts.models import Role
from parent_portal.models import Session
from portal.demo import DemoContext

from . import facts, generator
from .models import RefreshState

BUREAUS = ("cb-gent-centrum", "cb-ledeberg")
YEARS = 2
SEED = 2026
SCALE = 0.6  # the demo bureaus are smaller than an average bureau: quick on SQLite


def seed(ctx: DemoContext) -> None:
    bureaus = [ctx.organisations[code] for code in BUREAUS if code in ctx.organisations]
    if not bureaus:
        return
    generated = False
    if Session.objects.filter(bureau__in=bureaus, note=generator.MARK).exists():
        ctx.say("Dashboards demo activity already present.")
    else:
        result = generator.generate(bureaus=bureaus, years=YEARS, seed=SEED, scale=SCALE)
        ctx.say(f"Dashboards: generated {result.summary()}.")
        generated = True
    # The generator writes rows directly (no dirty days): rebuild the facts after it, or when
    # they were never built. Later schedule writes refresh their own days.
    if generated or not RefreshState.objects.filter(key=RefreshState.FULL).exists():
        facts.rebuild_all()
    who = ctx.users.get(Role.AUTHORISED_PERSON)
    if who is not None:
        ctx.say(f"Dashboards: log in as {who.email} (authorised person) to see them.")
