"""Time registration: providers see only their own day and entries; directors their facility's
participation, provider list (with costs) and completeness; the agency the studies and sector
analyses; researchers also the pseudonymised export. Another facility's objects answer 404.

The objects are made lazily from the cast: a study of 2024 with facilities F (the cast's home
facility) and G, the cast's care provider on F's list with one entry, and a provider at G.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import timezone

from accounts.models import Role

from . import FORBIDDEN, LOGIN, METHOD, OK, REDIRECT, Case

PROVIDER = Role.CARE_PROVIDER
DIRECTOR = Role.FACILITY_DIRECTOR
ADMIN = Role.AGENCY_ADMIN
RESEARCHER = Role.RESEARCHER
AGENCY = frozenset({ADMIN, RESEARCHER})
DAY = date(2024, 10, 16)


def _objects(cast):  # noqa: ANN001, ANN202
    if "registration" in cast.named:
        return cast.named["registration"]
    from registration.models import (
        Activity,
        Participation,
        ProviderProfile,
        RegistrationStudy,
        TimeEntry,
    )
    from tests.factories import member

    def study(name, facilities):  # noqa: ANN001, ANN202
        created = RegistrationStudy.objects.create(
            name=name,
            starts_on=date(2024, 10, 14),
            ends_on=date(2024, 12, 13),
            edits_until=date(2024, 12, 20),
            delete_raw_on=date(2025, 6, 13),
            agreement_text="Overeenkomst.",
        )
        for facility in facilities:
            Participation.objects.create(
                study=created, facility=facility, agreement_signed_at=timezone.now()
            )
        return created

    def profile(participation, user):  # noqa: ANN001, ANN202
        return ProviderProfile.objects.create(
            participation=participation,
            user=user,
            first_name="Z",
            last_name="V",
            email=user.email,
            care_function="psychologist",
            weekly_clinical_hours=Decimal("38"),
            monthly_clinical_cost=Decimal("4000"),
            monthly_total_wage_cost=Decimal("4500"),
            youth_share_percent=50,
            seniority_years=5,
        )

    f, g = cast.organisations["facility_f"], cast.organisations["facility_g"]
    main = study("Registratie 2024", [f, g])
    only_g = study("Registratie alleen G", [g])
    activity = Activity.objects.get(cluster__code="treatment", code="team_meeting")
    own = profile(main.participations.get(facility=f), cast.users[PROVIDER])
    other = profile(main.participations.get(facility=g), member(PROVIDER, g, first_name="Gijs"))
    objects = {
        "study": main,
        "study_g": only_g,
        "f": f,
        "g": g,
        "own": own,
        "other": other,
        "own_entry": TimeEntry.objects.create(provider=own, day=DAY, activity=activity, minutes=60),
        "other_entry": TimeEntry.objects.create(
            provider=other, day=DAY, activity=activity, minutes=60
        ),
    }
    cast.named["registration"] = objects
    return objects


def study_args(cast):  # noqa: ANN001, ANN202
    return {"study_id": _objects(cast)["study"].pk}


def foreign_study_args(cast):  # noqa: ANN001, ANN202
    return {"study_id": _objects(cast)["study_g"].pk}


def facility_args(cast):  # noqa: ANN001, ANN202
    o = _objects(cast)
    return {"study_id": o["study"].pk, "facility_id": o["f"].pk}


def foreign_facility_args(cast):  # noqa: ANN001, ANN202
    o = _objects(cast)
    return {"study_id": o["study"].pk, "facility_id": o["g"].pk}


def provider_args(cast):  # noqa: ANN001, ANN202
    return {**facility_args(cast), "pk": _objects(cast)["own"].pk}


def foreign_provider_args(cast):  # noqa: ANN001, ANN202
    return {**foreign_facility_args(cast), "pk": _objects(cast)["other"].pk}


def own_entry(cast):  # noqa: ANN001, ANN202
    return {"pk": _objects(cast)["own_entry"].pk}


def other_entry(cast):  # noqa: ANN001, ANN202
    return {"pk": _objects(cast)["other_entry"].pk}


def with_objects(cast):  # noqa: ANN001, ANN202
    """No URL arguments, but the provider must be on a list for the page to open."""
    _objects(cast)
    return {}


def day_args(cast):  # noqa: ANN001, ANN202
    _objects(cast)
    return {"day": DAY}


REPORT_READERS = {DIRECTOR: OK, ADMIN: OK, RESEARCHER: OK}

CASES = [
    Case(
        "registration:index",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles={PROVIDER: REDIRECT, DIRECTOR: REDIRECT, ADMIN: REDIRECT, RESEARCHER: REDIRECT},
    ),
    # The provider's own day: nobody else has one here.
    Case(
        "registration:day_today",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles={PROVIDER: OK},
        args=with_objects,
    ),
    Case(
        "registration:day", anonymous=LOGIN, default=FORBIDDEN, roles={PROVIDER: OK}, args=day_args
    ),
    Case(
        "registration:entry_add",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles={PROVIDER: METHOD},
        args=day_args,
    ),
    Case(
        "registration:day_copy",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles={PROVIDER: METHOD},
        args=day_args,
    ),
    Case(
        "registration:day_off",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles={PROVIDER: METHOD},
        args=day_args,
    ),
    Case("registration:nudges", anonymous=LOGIN, default=FORBIDDEN, roles={PROVIDER: METHOD}),
    Case(
        "registration:entry_edit",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles={PROVIDER: METHOD},
        args=own_entry,
    ),
    # A colleague's or another facility's entry is simply not there.
    Case(
        "registration:entry_delete",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles={PROVIDER: OK},
        args=own_entry,
        foreign=other_entry,
    ),
    # Studies: directors see those of their facility, the agency all.
    Case("registration:studies", anonymous=LOGIN, default=FORBIDDEN, roles=REPORT_READERS),
    Case("registration:study_create", anonymous=LOGIN, default=FORBIDDEN, roles={ADMIN: OK}),
    Case(
        "registration:study_detail",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles=REPORT_READERS,
        args=study_args,
        foreign=foreign_study_args,
        foreign_visible_to=AGENCY,
    ),
    Case(
        "registration:study_edit",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles={ADMIN: OK},
        args=study_args,
    ),
    # The facility's own pages: its director only (cost data never to providers or the admin).
    *[
        Case(
            f"registration:{name}",
            anonymous=LOGIN,
            default=FORBIDDEN,
            roles={DIRECTOR: OK},
            args=facility_args,
            foreign=foreign_facility_args,
        )
        for name in (
            "agreement",
            "providers",
            "provider_create",
            "completeness",
            "full_time_upload",
            "full_time_template",
        )
    ],
    *[
        Case(
            f"registration:{name}",
            anonymous=LOGIN,
            default=FORBIDDEN,
            roles={DIRECTOR: OK},
            args=provider_args,
            foreign=foreign_provider_args,
        )
        for name in ("provider_edit", "provider_delete")
    ],
    Case(
        "registration:provider_invite",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles={DIRECTOR: METHOD},
        args=provider_args,
    ),
    # Analyses: the agency starts them and reads the sector; facility reports also for the
    # facility's director (another facility's: 404). Pages without a result say so (200).
    Case(
        "registration:analysis_run",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles={ADMIN: METHOD, RESEARCHER: METHOD},
        args=study_args,
    ),
    Case(
        "registration:analysis_status",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles={ADMIN: OK, RESEARCHER: OK},
        args=study_args,
    ),
    Case(
        "registration:facility_report",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles=REPORT_READERS,
        args=facility_args,
        foreign=foreign_facility_args,
        foreign_visible_to=AGENCY,
    ),
    # Without a result the download sends back to the report page.
    Case(
        "registration:facility_report_xlsx",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles={DIRECTOR: REDIRECT, ADMIN: REDIRECT, RESEARCHER: REDIRECT},
        args=facility_args,
    ),
    *[
        Case(
            f"registration:{name}",
            anonymous=LOGIN,
            default=FORBIDDEN,
            roles={ADMIN: OK, RESEARCHER: OK},
            args=study_args,
        )
        for name in ("sector_report", "sensitivity")
    ],
    Case(
        "registration:sector_report_xlsx",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles={ADMIN: REDIRECT, RESEARCHER: REDIRECT},
        args=study_args,
    ),
    # Researchers only; the export is pseudonymised. Logging in just now counts as re-auth.
    Case(
        "registration:research_export",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles={RESEARCHER: OK},
        args=study_args,
    ),
    # The API: the catalogue for every registration role, entries for their own provider only.
    Case(
        "registration_api:catalogue",
        anonymous=FORBIDDEN,
        default=FORBIDDEN,
        roles={PROVIDER: OK, DIRECTOR: OK, ADMIN: OK, RESEARCHER: OK},
    ),
    Case(
        "registration_api:entries",
        anonymous=FORBIDDEN,
        default=FORBIDDEN,
        roles={PROVIDER: OK},
        args=with_objects,
    ),
    Case(
        "registration_api:entry",
        anonymous=FORBIDDEN,
        default=FORBIDDEN,
        roles={PROVIDER: OK},
        args=own_entry,
        foreign=other_entry,
    ),
]
