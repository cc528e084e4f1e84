"""Every result figure against values computed by hand (no database).

The fixture: five circles A-E over six municipalities M1-M6 (M2 given as two statistical
sectors, M4 shared by C and D, E without a GP list and M6 without the arrears figure).

    municipality  residents  km²   arrears chronic lowwork single alone75 income
    M1            10,000     100   2       20      10      8      4       20,000
    M2 = S1 + S2  6,000+4,000 20+20 3 / 1  22 / 18 12 / 8  9 / 7  5 / 3   18,000 / –
    M3            20,000     200   1       15      6       6      5       22,000
    M4 (½ C, ½ D) 8,000      40    4       25      14      10     3       16,000
    M5            30,000     30    3       24      12      11     2       17,000
    M6            5,000      100   –       19      9       7      6       21,000
"""

from __future__ import annotations

import pytest

from gp_accessibility.compute import (
    GP,
    AreaRow,
    CircleInput,
    Options,
    QuestionSpec,
    aggregate,
    compute,
    roll_up,
)

KEYS = ("arrears_share", "chronic_share", "low_work_intensity_share", "single_parent_share",
        "alone_75_share", "net_income")  # fmt: skip


def row(municipality, population, area, *values):  # noqa: ANN001, ANN201
    return AreaRow(municipality, population, area, dict(zip(KEYS, values, strict=True)))


ROWS = [
    row("M1", 10_000, 100, 2, 20, 10, 8, 4, 20_000),
    row("M2", 6_000, 20, 3, 22, 12, 9, 5, 18_000),
    row("M2", 4_000, 20, 1, 18, 8, 7, 3, None),
    row("M3", 20_000, 200, 1, 15, 6, 6, 5, 22_000),
    row("M4", 8_000, 40, 4, 25, 14, 10, 3, 16_000),
    row("M5", 30_000, 30, 3, 24, 12, 11, 2, 17_000),
    row("M6", 5_000, 100, None, 19, 9, 7, 6, 21_000),
]


def gps(spec: list[tuple[int, float, str]]) -> list[GP]:
    return [GP(hours, accepts) for count, hours, accepts in spec for _ in range(count)]


CIRCLES = [
    CircleInput(1, "A", {"M1": 1.0}, gps([(6, 38, "ja"), (2, 38, "beperkt"), (2, 19, "nee")])),
    CircleInput(2, "B", {"M2": 1.0}, gps([(4, 38, "ja"), (4, 38, "nee")])),
    CircleInput(3, "C", {"M3": 1.0, "M4": 0.5}, gps([(30, 38, "ja")])),
    CircleInput(4, "D", {"M4": 0.5, "M5": 1.0}, gps([(17, 19, "ja"), (17, 19, "beperkt")])),
    CircleInput(5, "E", {"M6": 1.0}, None),
]
QUESTIONS = [
    QuestionSpec("nieuwe_patienten", "Nieuwe patiënten?", "single",
                 (("ja", "Ja"), ("beperkt", "Beperkt"), ("nee", "Nee"))),
    QuestionSpec("wachtdienst", "Wachtdienst", "multiple",
                 (("post", "Wachtpost"), ("kring", "Kring"), ("andere", "Andere"))),
    QuestionSpec("wachttijd", "Wachttijd (dagen)", "number"),
    QuestionSpec("opmerking", "Opmerking", "text"),
]  # fmt: skip
ANSWERS = {
    1: {"nieuwe_patienten": "ja", "wachtdienst": ["post"], "wachttijd": 3, "opmerking": "x"},
    2: {"nieuwe_patienten": "beperkt", "wachtdienst": ["post", "kring"], "wachttijd": 7},
    3: {"nieuwe_patienten": "nee", "wachtdienst": ["kring"], "wachttijd": 14},
    4: {"nieuwe_patienten": "ja", "wachtdienst": ["post"], "wachttijd": 2},
    5: {"nieuwe_patienten": "ja", "wachtdienst": ["post", "andere"], "wachttijd": 5},
}


@pytest.fixture
def results():  # noqa: ANN201
    for circle in CIRCLES:
        circle.answers = ANSWERS[circle.circle_id]
    return compute(CIRCLES, ROWS, QUESTIONS, Options(fte_hours=38, min_circles=5))


def by_name(results, name):  # noqa: ANN001, ANN201
    return next(c for c in results.circles if c.name == name)


def test_sectors_roll_up_to_their_municipality():
    m2 = roll_up(ROWS)["M2"]
    assert (m2.population, m2.area_km2) == (10_000, 40)
    assert m2.values["arrears_share"] == pytest.approx(2.2)  # (6000×3 + 4000×1) / 10000
    assert m2.values["chronic_share"] == pytest.approx(20.4)  # (132000 + 72000) / 10000
    assert m2.values["net_income"] == 18_000  # only S1 has it


def test_supply_of_each_circle(results):
    a, b, c, d, e = (by_name(results, n).figures for n in "ABCDE")
    # A: 10 GPs, 8×38 + 2×19 = 342 h = 9 FTE; 6 "ja", 2 "beperkt"; 10,000 residents.
    assert (a["gp_count"], a["weekly_hours"], a["fte"]) == (10, 342, 9)
    assert (a["accepting_share"], a["limited_share"]) == (60, 20)
    assert a["gps_per_1000"] == pytest.approx(1.0)
    assert a["fte_per_1000"] == pytest.approx(0.9)
    assert a["gps_per_100k"] == pytest.approx(100)
    assert (b["gp_count"], b["fte"], b["accepting_share"], b["limited_share"]) == (8, 8, 50, 0)
    assert b["gps_per_100k"] == pytest.approx(80)
    # C: 30 GPs over 20,000 + ½ × 8,000 = 24,000 residents.
    assert c["gps_per_1000"] == pytest.approx(1.25)
    assert c["fte_per_1000"] == pytest.approx(1.25)
    # D: 34 GPs × 19 h = 646 h = 17 FTE over 4,000 + 30,000 = 34,000 residents.
    assert (d["weekly_hours"], d["fte"]) == (646, 17)
    assert (d["accepting_share"], d["limited_share"]) == (50, 50)
    assert d["gps_per_1000"] == pytest.approx(1.0)
    assert d["fte_per_1000"] == pytest.approx(0.5)
    assert e["gp_count"] is None and e["gps_per_1000"] is None


def test_the_agencys_shortage_criteria(results):
    # A: 100 per 100,000 with 100 inhabitants/km² (< 125): short under the rural criterion.
    assert by_name(results, "A").shortage == "low_density_below_120"
    assert by_name(results, "B").shortage == "below_90"  # 80 per 100,000
    assert by_name(results, "C").shortage == ""  # 125 per 100,000
    assert by_name(results, "D").shortage == ""  # 100 per 100,000 but 680/km²
    assert by_name(results, "E").shortage == ""  # no list: not judged


def test_need_of_each_circle(results):
    c, d, e = (by_name(results, n) for n in "CDE")
    assert c.figures["population"] == 24_000
    assert c.figures["area_km2"] == 220  # 200 + ½ × 40
    assert c.figures["density"] == pytest.approx(109.0909, abs=1e-4)
    assert c.figures["arrears_share"] == pytest.approx(1.5)  # (20000×1 + 4000×4) / 24000
    assert c.figures["chronic_share"] == pytest.approx(16.6667, abs=1e-4)
    assert c.figures["net_income"] == pytest.approx(21_000)  # (20000×22000 + 4000×16000)/24000
    assert d.figures["population"] == 34_000
    assert d.figures["density"] == pytest.approx(680)  # 34,000 / 50
    assert d.figures["arrears_share"] == pytest.approx(3.117647, abs=1e-6)  # 106000 / 34000
    assert d.figures["alone_75_share"] == pytest.approx(2.117647, abs=1e-6)  # 72000 / 34000
    assert d.figures["net_income"] == pytest.approx(16_882.352941, abs=1e-6)
    assert e.figures["arrears_share"] is None  # M6 has no arrears figure
    assert e.coverage == {"municipalities": 1, "with_data": 1}
    assert [by_name(results, n).band for n in "ABCDE"] == ["rural"] * 3 + ["mixed", "rural"]


def test_flemish_aggregates_and_suppression_below_five_circles(results):
    population = results.flanders["population"]  # 5000, 10000, 10000, 24000, 34000
    assert population == {
        "n": 5, "suppressed": False, "median": 10_000, "p25": 10_000, "p75": 24_000,
        "min": 5_000, "max": 34_000,
    }  # fmt: skip
    density = results.flanders["density"]  # 50, 100, 109.09, 250, 680
    assert density["median"] == pytest.approx(109.0909, abs=1e-4)
    assert (density["p25"], density["p75"]) == (100, 250)
    chronic = results.flanders["chronic_share"]  # 16.67, 19, 20, 20.4, 24.12
    assert (chronic["median"], chronic["p25"], chronic["p75"]) == (20, 19, 20.4)
    # Only four circles have a GP list (or the arrears figure): nothing but the count is kept.
    assert results.flanders["gps_per_1000"] == {"n": 4, "suppressed": True}
    assert results.flanders["arrears_share"] == {"n": 4, "suppressed": True}
    # Four rural circles and one mixed: both bands are suppressed at five.
    assert results.bands["rural"]["population"] == {"n": 4, "suppressed": True}
    assert results.bands["urban"]["population"] == {"n": 0, "suppressed": True}


def test_similar_density_aggregates_with_a_lower_minimum():
    results = compute(CIRCLES, ROWS, QUESTIONS, Options(min_circles=3))
    rural = results.bands["rural"]["population"]  # A, B, C, E: 5000, 10000, 10000, 24000
    assert (rural["n"], rural["median"], rural["p25"], rural["p75"]) == (4, 10_000, 8_750, 13_500)
    assert results.bands["mixed"]["population"]["suppressed"]


def test_the_composite_of_need_and_supply(results):
    expected = {  # need score, supply score, composite, rank, attention
        "A": (-0.145080, 0.140028, -0.285108, 3, False),
        "B": (0.230580, -0.233380, 0.463960, 2, True),
        "C": (-0.953609, 1.446956, -2.400565, 4, False),
        "D": (1.073512, -1.353604, 2.427116, 1, True),
    }
    for name, (need, supply, composite, rank, attention) in expected.items():
        circle = by_name(results, name)
        assert circle.need_z == pytest.approx(need, abs=1e-6), name
        assert circle.supply_z == pytest.approx(supply, abs=1e-6), name
        assert circle.composite == pytest.approx(composite, abs=1e-6), name
        assert (circle.rank, circle.attention) == (rank, attention), name
    e = by_name(results, "E")
    assert e.need_z == pytest.approx(-0.246484, abs=1e-6)  # five indicators, no arrears
    assert (e.supply_z, e.composite, e.rank) == (None, None, None)


def by_code(questions):  # noqa: ANN001, ANN201
    return {entry["code"]: entry for entry in questions}


def test_questionnaire_answers_over_circles(results):
    q = by_code(results.questions)
    assert q["nieuwe_patienten"]["shares"] == {"ja": 60, "beperkt": 20, "nee": 20}
    assert q["wachtdienst"]["shares"] == {"post": 80, "kring": 40, "andere": 20}
    assert (q["wachttijd"]["median"], q["wachttijd"]["p25"], q["wachttijd"]["p75"]) == (5, 3, 7)
    assert (q["wachttijd"]["min"], q["wachttijd"]["max"]) == (2, 14)
    assert q["opmerking"]["aggregated"] is False  # free text is never aggregated
    assert "shares" not in q["opmerking"] and "median" not in q["opmerking"]
    assert [entry["code"] for entry in results.questions] == [
        "nieuwe_patienten", "wachtdienst", "wachttijd", "opmerking",
    ]  # fmt: skip
    assert by_name(results, "A").answers["opmerking"] == "x"  # the circle keeps its own


def test_questionnaire_aggregates_are_suppressed_below_five_answers():
    for circle in CIRCLES:
        circle.answers = ANSWERS[circle.circle_id] if circle.name != "E" else None
    q = by_code(compute(CIRCLES, ROWS, QUESTIONS, Options(min_circles=5)).questions)
    assert (q["nieuwe_patienten"]["n"], q["nieuwe_patienten"]["suppressed"]) == (4, True)
    assert "shares" not in q["nieuwe_patienten"]
    assert (q["wachttijd"]["n"], q["wachttijd"]["suppressed"]) == (4, True)
    assert "median" not in q["wachttijd"]


def test_an_aggregate_of_one_value_is_never_shown():
    assert aggregate([3.0], min_circles=1) == {"n": 1, "suppressed": True}
