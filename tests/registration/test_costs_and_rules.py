"""The cost-per-hour formula and the registration rules, as pure functions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from registration import rules, workdays
from registration.costs import cost_per_clinical_hour

START, END = date(2024, 10, 14), date(2024, 12, 13)


def test_cost_per_clinical_hour_is_monthly_cost_times_12_over_weekly_hours_times_52():
    # 4,000 × 12 = 48,000 a year; 38 × 52 = 1,976 hours a year; 48,000 / 1,976 = 24.2915...
    assert cost_per_clinical_hour(Decimal("4000"), Decimal("38")) == Decimal("24.29")
    # Part time: 2,500 × 12 / (19 × 52) = 30,000 / 988 = 30.3643...
    assert cost_per_clinical_hour(Decimal("2500"), Decimal("19")) == Decimal("30.36")


def test_cost_per_hour_is_unknown_without_hours_or_cost():
    assert cost_per_clinical_hour(None, Decimal("38")) is None
    assert cost_per_clinical_hour(Decimal("4000"), None) is None
    assert cost_per_clinical_hour(Decimal("4000"), Decimal("0")) is None


@pytest.mark.parametrize("minutes", [15, 30, 45, 60, 75, 450, 1440])
def test_quarter_hours_are_accepted(minutes):
    assert rules.duration_problem(minutes) is None


@pytest.mark.parametrize(
    ("minutes", "code"),
    [
        (0, "empty"),
        (None, "empty"),
        (-15, "empty"),
        (10, "quarter"),
        (50, "quarter"),
        (1455, "too_long"),
    ],
)
def test_other_durations_are_refused(minutes, code):
    assert rules.duration_problem(minutes).code == code


def test_future_days_are_refused_and_today_is_fine():
    today = date(2024, 10, 16)
    assert rules.day_problem(day=today, today=today, starts_on=START, ends_on=END) is None
    problem = rules.day_problem(day=date(2024, 10, 17), today=today, starts_on=START, ends_on=END)
    assert problem.code == "future"


def test_days_outside_the_period_are_refused():
    today = date(2024, 12, 18)
    for day in (date(2024, 10, 13), date(2024, 12, 14)):
        problem = rules.day_problem(day=day, today=today, starts_on=START, ends_on=END)
        assert problem.code == "outside"
        assert "14/10/2024" in problem.message and "13/12/2024" in problem.message
    assert rules.day_problem(day=END, today=today, starts_on=START, ends_on=END) is None


def test_changes_stop_after_the_closing_day():
    closing = date(2024, 12, 20)
    assert rules.closed_problem(today=closing, edits_until=closing, raw_deleted=False) is None
    problem = rules.closed_problem(today=date(2024, 12, 21), edits_until=closing, raw_deleted=False)
    assert problem.code == "closed"
    assert "20/12/2024" in problem.message
    assert (
        rules.closed_problem(today=closing, edits_until=closing, raw_deleted=True).code == "deleted"
    )


def test_a_day_over_12_hours_needs_confirmation_and_24_hours_is_the_limit():
    assert rules.day_total_problem(12 * 60, confirmed=False) is None
    assert rules.day_total_problem(12 * 60 + 15, confirmed=False).code == "long_day"
    assert rules.day_total_problem(12 * 60 + 15, confirmed=True) is None
    assert rules.day_total_problem(24 * 60 + 15, confirmed=True).code == "day_over_24h"


def test_expected_week_hours_count_working_days_inside_the_period():
    hours = Decimal("38")
    assert (
        rules.expected_week_minutes(hours, week_first_day=START, starts_on=START, ends_on=END)
        == 38 * 60
    )
    # Week of 28/10: Friday 1 November is a public holiday: 4 of 5 days.
    assert rules.expected_week_minutes(
        hours, week_first_day=date(2024, 10, 28), starts_on=START, ends_on=END
    ) == round(38 * 60 * 4 / 5)
    # A study starting on a Wednesday: 3 of 5 days in its first week.
    assert rules.expected_week_minutes(
        hours, week_first_day=START, starts_on=date(2024, 10, 16), ends_on=END
    ) == round(38 * 60 * 3 / 5)


def test_a_week_more_than_20_percent_away_from_the_contract_warns():
    expected = 38 * 60
    assert rules.week_warning(expected, expected) == ""
    assert rules.week_warning(round(expected * 1.2), expected) == ""
    assert rules.week_warning(round(expected * 0.8), expected) == ""
    assert "meer" in rules.week_warning(round(expected * 1.25), expected)
    assert "minder" in rules.week_warning(round(expected * 0.7), expected)
    assert rules.week_warning(100, 0) == ""


def test_belgian_public_holidays_are_not_working_days():
    assert workdays.easter_sunday(2024) == date(2024, 3, 31)
    assert workdays.easter_sunday(2025) == date(2025, 4, 20)
    assert not workdays.is_working_day(date(2024, 11, 1))
    assert not workdays.is_working_day(date(2024, 11, 11))
    assert not workdays.is_working_day(date(2024, 10, 19))  # Saturday
    assert workdays.is_working_day(date(2024, 10, 14))
    # The seed's period: 9 weeks minus two holidays = 43 working days.
    assert len(workdays.working_days(START, END)) == 43


def test_durations_read_naturally():
    assert rules.format_minutes(450) == "7 u 30 min"
    assert rules.format_minutes(480) == "8 u"
    assert rules.format_minutes(45) == "45 min"
