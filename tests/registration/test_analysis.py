"""The analysis against a study small enough to compute by hand, and the seed's sensitivity example.

The hand-computed study (all providers 30 clinical hours a week):

    facility A (CAR, small)
      P1 psychologist,   € 3,900/month → € 30/h: treatment/direct contact 6 h, team meeting 2 h
                                                  (week of 14/10)
      P2 social worker,  € 2,600/month → € 20/h: intake/direct contact 4 h, treatment/team
                                                  meeting 4 h (week of 21/10)
    facility B (CGG, large)
      P3 psychologist,   € 5,200/month → € 40/h: treatment/direct contact 3 h, diagnostics/
                                                  direct contact 1 h (week of 14/10)

    A: 16 h, € 400. Treatment 12 h (75 %), € 320 (80 %); intake 4 h (25 %), € 80 (20 %).
       Within treatment: direct contact 6 h = 50 % of time, € 180 = 56.25 % of cost;
       team meeting 6 h = 50 %, € 140 = 43.75 %.
       Psychologist: 8 h, all treatment. Social worker: 8 h, 50 % intake, 50 % treatment.
       Week 14/10: 8 h, 100 % treatment; week 21/10: 8 h, 50 % intake, 50 % treatment.
    B: 4 h, € 160. Treatment 75 % of time and cost, diagnostics 25 %.
    Sector pooled: 20 h, € 560. Treatment 15 h (75 %), € 440 (78.57 %); intake 4 h (20 %),
       € 80 (14.29 %); diagnostics 1 h (5 %), € 40 (7.14 %).
    Over facilities (each counts once): treatment 75 % and 75 % → mean 75 %, SD 0;
       intake 25 % and 0 % → mean 12.5 %, median 12.5 %, SD √(2 × 0.125²) = 17.68 %.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pandas as pd
import pytest

from registration import analysis, sensitivity, services
from registration.models import AnalysisResult, AnalysisRun, TimeEntry

from .conftest import activity, add_provider

W1, W2 = date(2024, 10, 14), date(2024, 10, 21)
APPROX = {"abs": 1e-6}


def hand_inputs() -> analysis.Inputs:
    catalogue = [
        (1, "intake", "direct_contact", 1, 1),
        (2, "diagnostics", "direct_contact", 2, 1),
        (3, "treatment", "direct_contact", 3, 1),
        (4, "treatment", "team_meeting", 3, 3),
        (5, "other", "training", 8, 2),
    ]
    return analysis.Inputs(
        rows=pd.DataFrame(
            [
                (1, 3, pd.Timestamp(W1), 360),
                (1, 4, pd.Timestamp(W1), 120),
                (2, 1, pd.Timestamp(W2), 240),
                (2, 4, pd.Timestamp(W2), 240),
                (3, 3, pd.Timestamp(W1), 180),
                (3, 2, pd.Timestamp(W1), 60),
            ],
            columns=["provider_id", "activity_id", "week", "minutes"],
        ),
        providers=pd.DataFrame(
            [
                (1, 10, "psychologist", 30.0, "ZV-P1"),
                (2, 10, "social_worker", 20.0, "ZV-P2"),
                (3, 20, "psychologist", 40.0, "ZV-P3"),
            ],
            columns=["provider_id", "facility_id", "care_function", "cost_per_hour", "pseudonym"],
        ),
        facilities=pd.DataFrame(
            [(10, "A", "car", "small", "VZ-A"), (20, "B", "cgg", "large", "VZ-B")],
            columns=["facility_id", "name", "facility_type", "size_class", "pseudonym"],
        ),
        activities=pd.DataFrame(
            catalogue,
            columns=["activity_id", "cluster", "activity", "cluster_order", "activity_order"],
        ),
    )


def by(rows, key="cluster"):  # noqa: ANN001, ANN201
    return {row[key]: row for row in rows}


def check_facility_a(a: dict) -> None:
    assert a["totals"] == {"hours": 16.0, "cost": 400.0, "providers": 2, "rows": 4}
    clusters = by(a["clusters"])
    # Every cluster of the catalogue, in its order, also those without time.
    assert list(clusters)[:3] == ["intake", "diagnostics", "treatment"]
    assert list(clusters)[-1] == "other"
    assert clusters["treatment"]["hours"] == 12.0
    assert clusters["treatment"]["time_share"] == pytest.approx(0.75, **APPROX)
    assert clusters["treatment"]["cost_share"] == pytest.approx(0.80, **APPROX)
    assert clusters["intake"]["time_share"] == pytest.approx(0.25, **APPROX)
    assert clusters["intake"]["cost"] == 80.0
    assert clusters["diagnostics"]["hours"] == 0.0
    activities = {(r["cluster"], r["activity"]): r for r in a["activities"]}
    direct = activities[("treatment", "direct_contact")]
    team = activities[("treatment", "team_meeting")]
    assert direct["time_share_in_cluster"] == pytest.approx(0.5, **APPROX)
    assert direct["cost_share_in_cluster"] == pytest.approx(0.5625, **APPROX)
    assert team["cost"] == 140.0
    assert team["cost_share_in_cluster"] == pytest.approx(0.4375, **APPROX)
    assert team["time_share"] == pytest.approx(6 / 16, **APPROX)
    functions = by(a["functions"], "function")
    assert by(functions["psychologist"]["clusters"])["treatment"]["time_share"] == 1.0
    social = by(functions["social_worker"]["clusters"])
    assert social["intake"]["time_share"] == pytest.approx(0.5, **APPROX)
    assert social["treatment"]["time_share"] == pytest.approx(0.5, **APPROX)
    assert functions["social_worker"]["cost_per_hour"] == pytest.approx(20.0, **APPROX)
    weeks = by(a["weeks"], "week")
    assert weeks["2024-10-14"]["clusters"]["treatment"] == 1.0
    assert weeks["2024-10-21"]["clusters"]["intake"] == pytest.approx(0.5, **APPROX)
    assert weeks["2024-10-21"]["hours"] == 8.0


def check_sector(sector: dict) -> None:
    assert sector["totals"]["hours"] == 20.0 and sector["totals"]["cost"] == 560.0
    assert sector["totals"]["facilities"] == 2
    pooled = by(sector["clusters"])
    assert pooled["treatment"]["time_share"] == pytest.approx(0.75, **APPROX)
    assert pooled["treatment"]["cost_share"] == pytest.approx(440 / 560, **APPROX)
    assert pooled["intake"]["time_share"] == pytest.approx(0.20, **APPROX)
    assert pooled["diagnostics"]["cost_share"] == pytest.approx(40 / 560, **APPROX)
    spread = by(sector["distribution"]["clusters"])
    assert spread["treatment"]["time"]["mean"] == pytest.approx(0.75, **APPROX)
    assert spread["treatment"]["time"]["sd"] == pytest.approx(0.0, **APPROX)
    intake = spread["intake"]["time"]
    assert intake["mean"] == pytest.approx(0.125, **APPROX)
    assert intake["median"] == pytest.approx(0.125, **APPROX)
    assert intake["sd"] == pytest.approx((2 * 0.125**2) ** 0.5, **APPROX)
    assert (intake["min"], intake["max"], intake["n"]) == (0.0, 0.25, 2)
    assert spread["treatment"]["cost"]["mean"] == pytest.approx((0.80 + 0.75) / 2, **APPROX)
    types = by(sector["groups"]["type"], "group")
    assert types["car"]["n"] == 1
    assert by(types["car"]["clusters"])["intake"]["time"]["mean"] == pytest.approx(0.25, **APPROX)
    assert by(types["cgg"]["clusters"])["diagnostics"]["time"]["mean"] == pytest.approx(
        0.25, **APPROX
    )
    sizes = by(sector["groups"]["size"], "group")
    assert set(sizes) == {"small", "large"}
    car_base = by(sector["bases"]["car"]["clusters"])
    assert car_base["treatment"]["hours"] == 12.0


def test_every_figure_matches_the_hand_computed_study():
    output = analysis.compute(hand_inputs())
    check_facility_a(output.facilities[10])
    check_sector(output.sector)
    b = output.facilities[20]
    assert by(b["clusters"])["diagnostics"]["time_share"] == pytest.approx(0.25, **APPROX)
    bench = by(output.facilities[10]["benchmark"]["clusters"])
    assert bench["intake"]["time"] == pytest.approx(0.25, **APPROX)
    assert bench["intake"]["sector_time"]["mean"] == pytest.approx(0.125, **APPROX)
    assert bench["intake"]["time_rank"] == 1  # one facility has less intake than A
    providers = by(output.facilities[10]["providers"], "pseudonym")
    assert providers["ZV-P1"]["hours"] == 8.0 and providers["ZV-P1"]["cost"] == 240.0
    assert output.rows_used == 6


@pytest.mark.django_db
def test_the_celery_job_stores_the_same_figures_for_the_hand_computed_study(cast, study, travel):
    """Through the database: the loader, the job, and the stored results per facility."""
    f, g = (
        study.participations.get(facility=cast.organisations[k])
        for k in ("facility_f", "facility_g")
    )
    p1 = add_provider(f, email="p1@example.org", hours="30", monthly_cost="3900")
    p2 = add_provider(
        f, email="p2@example.org", hours="30", monthly_cost="2600", care_function="social_worker"
    )
    p3 = add_provider(g, email="p3@example.org", hours="30", monthly_cost="5200")
    assert (p1.cost_per_hour, p2.cost_per_hour, p3.cost_per_hour) == (
        Decimal("30.00"),
        Decimal("20.00"),
        Decimal("40.00"),
    )
    rows = [
        (p1, date(2024, 10, 14), ("treatment", "direct_contact"), 360),
        (p1, date(2024, 10, 15), ("treatment", "team_meeting"), 120),
        (p2, date(2024, 10, 22), ("intake", "direct_contact"), 180),
        (p2, date(2024, 10, 23), ("intake", "direct_contact"), 60),
        (p2, date(2024, 10, 23), ("treatment", "team_meeting"), 240),
        (p3, date(2024, 10, 16), ("treatment", "direct_contact"), 180),
        (p3, date(2024, 10, 16), ("diagnostics", "direct_contact"), 60),
    ]
    TimeEntry.objects.bulk_create(
        TimeEntry(provider=p, day=d, activity=activity(*a), minutes=m) for p, d, a, m in rows
    )
    travel(date(2024, 12, 16))
    run = AnalysisRun.objects.create(study=study)

    from registration.tasks import run_study_analysis

    assert run_study_analysis.apply(args=[run.pk]).get() == "done"

    run.refresh_from_db()
    assert (run.status, run.steps_done, run.progress_percent) == ("done", 4, 100)
    assert run.entries_used == 6  # grouped per provider, activity and week
    a = AnalysisResult.objects.get(run=run, facility=cast.organisations["facility_f"]).data
    check_facility_a(a)
    check_sector(AnalysisResult.objects.get(run=run, facility=None).data)
    assert a["facility"]["pseudonym"].startswith("VZ-")
    assert all(p["pseudonym"].startswith("ZV-") for p in a["providers"])


@pytest.mark.django_db
def test_a_study_without_entries_fails_with_a_clear_reason(cast, study, travel):
    run = AnalysisRun.objects.create(study=study)
    services.analysis_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == "failed"
    assert run.error == "Er zijn nog geen registraties om te analyseren."


@pytest.mark.django_db
def test_requesting_an_analysis_queues_one_job_after_commit(
    cast, study, django_capture_on_commit_callbacks
):
    admin = cast.users["agency_admin"]
    with django_capture_on_commit_callbacks() as callbacks:
        first = services.analysis_request(actor=admin, study=study)
        second = services.analysis_request(actor=admin, study=study)
    assert first == second  # one at a time
    assert len(callbacks) == 1


# --- Sensitivity ----------------------------------------------------------------------------------

SEED_TREATMENT = [
    # activity, time share, cost share (the seed's fictitious treatment cluster)
    ("direct_contact", 45, 42),
    ("direct_contact_on_location", 12, 10),
    ("team_meeting", 15, 22),
    ("administration", 24, 22),
    ("no_show", 4, 4),
]


def test_the_seeds_worked_example_team_meeting_from_15_to_20_percent():
    items = [sensitivity.Item(key, hours=t * 10.0, cost=c * 100.0) for key, t, c in SEED_TREATMENT]
    result = sensitivity.apply(items, "team_meeting", 0.20)

    assert result.new_time_total == pytest.approx(1.05)
    assert result.new_cost_total == pytest.approx(1 + 0.22 * (20 / 15 - 1))  # 107.33 %
    assert round(result.new_cost_total * 100) == 107
    rows = {row.key: row for row in result.rows}
    team = rows["team_meeting"]
    assert team.new_time_share == pytest.approx(0.20)
    assert team.new_cost_share == pytest.approx(0.22 * 20 / 15)  # 29.3 %, the seed's 29 %
    assert round(team.cost_change * 100) == 7
    for key in ("direct_contact", "direct_contact_on_location", "administration", "no_show"):
        assert rows[key].new_time_share == rows[key].time_share
        assert rows[key].cost_change == 0
    assert result.extra_hours == pytest.approx(50.0)  # 5 % of 1,000 hours


def test_lowering_a_share_and_starting_an_activity_from_nothing():
    items = [
        sensitivity.Item("a", 80, 800),
        sensitivity.Item("b", 20, 400),
        sensitivity.Item("c", 0, 0),
    ]
    lower = sensitivity.apply(items, "b", 0.10)
    assert lower.new_time_total == pytest.approx(0.90)
    assert lower.new_cost_total == pytest.approx(1000 / 1200)
    new = sensitivity.apply(items, "c", 0.05)
    # Costed at the set's average: € 1,200 / 100 h = € 12 per hour, 5 h → € 60.
    assert new.extra_cost == pytest.approx(60.0)
    with pytest.raises(sensitivity.SensitivityError):
        sensitivity.apply(items, "zz", 0.1)
