"""The results job reads the accepted GP lists, the circles' areas, the latest indicators and
the latest closed round; it is queued (after the commit) when a round closes, a list is
accepted or indicators are saved. Figures against hand-computed values (see conftest)."""

from __future__ import annotations

import pytest

from gp_accessibility import services
from gp_accessibility.models import IndicatorValue, ResultSet
from questionnaires.models import Questionnaire
from tests.gp_accessibility.conftest import accept_list, circle_result, gp_list_row
from tests.questionnaires.factories import make_round_questionnaire, open_round


def test_a_circles_supply_counts_only_active_gps(computed):
    o = computed.world.organisations
    c = circle_result(computed.result_set, o["circle_c"]).figures
    # Three active GPs: 38 + 38 + 19 = 95 h = 2.5 FTE over 10,000 residents of Gent.
    assert (c["gp_count"], c["weekly_hours"], c["fte"]) == (3, 95, 2.5)
    assert c["accepting_share"] == pytest.approx(33.333333, abs=1e-6)
    assert c["limited_share"] == pytest.approx(33.333333, abs=1e-6)
    assert c["gps_per_1000"] == pytest.approx(0.3)
    assert c["fte_per_1000"] == pytest.approx(0.25)
    assert circle_result(computed.result_set, o["circle_c"]).shortage == "below_90"


def test_municipalities_come_from_the_postal_codes_and_a_shared_one_counts_half(computed):
    o = computed.world.organisations
    d = circle_result(computed.result_set, o["circle_d"])
    # Brugge (8,000 / 80 km²) + half of Oostkamp (4,000 / 80 km²).
    assert (d.figures["population"], d.figures["area_km2"]) == (10_000, 120)
    assert d.figures["arrears_share"] == pytest.approx(2.6)  # (8000×3 + 2000×1) / 10000
    assert d.figures["net_income"] == pytest.approx(19_200)  # (8000×18000 + 2000×24000)/10000
    assert d.coverage == {"municipalities": 2, "with_data": 2}
    assert d.care_zone == "Zone D"
    g = circle_result(computed.result_set, o["circle_g"])
    assert (g.figures["population"], g.figures["area_km2"]) == (8_000, 70)


def test_the_latest_indicator_year_and_only_flanders_and_brussels_are_used(computed):
    assert computed.result_set.indicator_year == 2024
    assert not IndicatorValue.objects.filter(municipality_code="62063").exists()
    c = circle_result(computed.result_set, computed.world.organisations["circle_c"])
    assert c.figures["population"] == 10_000  # 2024, not 2023's 9,000


def test_flemish_aggregates_over_the_five_circles(computed):
    flanders = computed.result_set.flanders
    # Residents: 10000, 10000, 12000, 9000, 8000.
    assert {k: flanders["population"][k] for k in ("n", "median", "p25", "p75")} == {
        "n": 5, "median": 10_000, "p25": 9_000, "p75": 10_000,
    }  # fmt: skip
    # GPs per 1,000: C 0.3, D 0.2, E 1/12, F 1/9, G 0.125.
    per_1000 = flanders["gps_per_1000"]
    assert per_1000["median"] == pytest.approx(0.125)
    assert per_1000["p25"] == pytest.approx(0.111111, abs=1e-6)
    assert per_1000["p75"] == pytest.approx(0.2)


def questions(result_set):  # noqa: ANN001, ANN201
    return {entry["code"]: entry for entry in result_set.questions}


def test_answers_of_the_latest_closed_round(computed):
    result_set = computed.result_set
    assert result_set.round_title == "Toegankelijkheid 2026"
    assert questions(result_set)["nieuwe_patienten"]["shares"] == {
        "ja": 60, "beperkt": 20, "nee": 20,
    }  # fmt: skip
    waits = questions(result_set)["wachttijd_dagen"]  # 2, 3, 4, 6, 10
    assert (waits["median"], waits["p25"], waits["p75"]) == (4, 3, 6)
    assert questions(result_set)["opmerking"]["aggregated"] is False
    c = circle_result(result_set, computed.world.organisations["circle_c"])
    assert c.answers["nieuwe_patienten"] == "beperkt"
    assert c.answers["opmerking"] == "Opmerking van circle_c"


def test_synthetic_indicators_are_marked_on_the_results(gp_world):
    from tests.gp_accessibility.conftest import INDICATORS_2024, save_indicators

    save_indicators(gp_world.admin, INDICATORS_2024, synthetic=True)
    assert services.results_compute(reason="manual").is_synthetic


def test_closing_the_accessibility_round_queues_the_job(
    gp_world, django_capture_on_commit_callbacks, eager_tasks
):
    other = open_round(gp_world.admin, [gp_world.organisations["circle_c"]])
    before = ResultSet.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        from questionnaires import services as q_services

        q_services.round_close(actor=gp_world.admin, round=other)  # another questionnaire
    assert ResultSet.objects.count() == before
    again = open_round(
        gp_world.admin,
        [gp_world.organisations["circle_c"]],
        questionnaire=Questionnaire.objects.get(code=gp_world.questionnaire.code),
        title="Extra ronde",
    )
    with django_capture_on_commit_callbacks(execute=True):
        q_services.round_close(actor=gp_world.admin, round=again)
    latest = ResultSet.objects.first()
    assert latest.reason == "round_closed"
    assert latest.round_title == "Extra ronde"  # the most recently closed round
    assert questions(latest)["nieuwe_patienten"]["suppressed"] is True
    assert questions(latest)["nieuwe_patienten"]["n"] == 0


def test_an_accepted_gp_list_queues_the_job(
    gp_world, django_capture_on_commit_callbacks, eager_tasks
):
    o = gp_world.organisations
    with django_capture_on_commit_callbacks(execute=True):
        accept_list(o["circle_f"], gp_world.admin, [gp_list_row(31, "9300", 40, "ja"),
                                                   gp_list_row(32, "9300", 20, "nee")])  # fmt: skip
    latest = ResultSet.objects.first()
    assert latest.reason == "gp_list_accepted"
    assert circle_result(latest, o["circle_f"]).figures["gp_count"] == 2


def test_saved_indicators_queue_the_job(gp_world, django_capture_on_commit_callbacks, eager_tasks):
    from tests.gp_accessibility.conftest import save_indicators
    from tests.gp_accessibility.helpers import indicator_row

    with django_capture_on_commit_callbacks(execute=True):
        save_indicators(gp_world.admin, [indicator_row("44021", "Gent", 2025, 11_000, 50)])
    latest = ResultSet.objects.first()
    assert (latest.reason, latest.indicator_year) == ("indicators_saved", 2025)
    c = circle_result(latest, gp_world.organisations["circle_c"])
    assert c.figures["population"] == 11_000
    d = circle_result(latest, gp_world.organisations["circle_d"])
    assert d.figures["population"] is None  # no 2025 figures for Brugge


def test_saving_replaces_the_years_in_the_file(gp_world):
    from tests.gp_accessibility.conftest import save_indicators
    from tests.gp_accessibility.helpers import indicator_row

    save_indicators(gp_world.admin, [indicator_row("44021", "Gent", 2024, 12_345, 50)])
    assert list(IndicatorValue.objects.filter(year=2024).values_list("area_code", flat=True)) == [
        "44021"
    ]
    assert IndicatorValue.objects.filter(year=2023).count() == 1  # other years stay


def test_old_result_sets_are_dropped(gp_world):
    for _ in range(services.KEEP_RESULT_SETS + 2):
        services.results_compute(reason="manual")
    assert ResultSet.objects.count() == services.KEEP_RESULT_SETS


def test_a_questionnaire_for_the_results_is_one_for_organisations(gp_world):
    assert gp_world.questionnaire.audience == Questionnaire.Audience.ORGANISATIONS
    make_round_questionnaire(code="iets-anders")  # not the results' questionnaire
