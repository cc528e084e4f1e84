"""Van Wiechen: the 75 items, scoring rules, items re-offered until passed, the parent's view."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from parent_portal import milestone_items, selectors, services
from parent_portal.models import MilestoneItem
from tests.parent_portal.conftest import client_for
from tests.parent_portal.factories import give_parent, make_child


@pytest.fixture(autouse=True)
def _items(db):  # noqa: ANN001, ANN202 - a flush by a transactional test empties the data table
    milestone_items.load(MilestoneItem)


def item(number: int) -> MilestoneItem:
    return MilestoneItem.objects.get(number=number)


def test_the_75_items_are_loaded_with_their_rules(db):
    assert MilestoneItem.objects.count() == 75
    pincer = item(10)
    assert (pincer.first_age_months, pincer.scored_left_right, pincer.parent_report_allowed) == (
        12,
        True,
        False,
    )
    assert item(30).parent_report_allowed  # "Lacht terug" may be reported by a parent


def test_a_parent_report_counts_only_where_allowed(world):
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        services.milestones_record(
            actor=world.nurse,
            child=world.child,
            observed_on=today,
            scores=[services.ItemScore(item(1), "M")],
        )
    saved = services.milestones_record(
        actor=world.nurse,
        child=world.child,
        observed_on=today,
        scores=[services.ItemScore(item(30), "M")],
    )
    assert saved[0].passed


def test_a_left_right_item_passes_when_both_sides_pass(world):
    today = timezone.localdate()
    [one_side] = services.milestones_record(
        actor=world.nurse,
        child=world.child,
        observed_on=today - timedelta(days=60),
        scores=[services.ItemScore(item(2), left="+", right="-")],
    )
    assert not one_side.passed
    overview = selectors.milestone_overview(world.child)
    assert item(2) in [s.item for s in overview["due"]]  # offered again at the next visit
    [both] = services.milestones_record(
        actor=world.nurse,
        child=world.child,
        observed_on=today,
        scores=[services.ItemScore(item(2), left="+", right="+")],
    )
    assert both.passed
    assert item(2) not in [s.item for s in selectors.milestone_overview(world.child)["due"]]


def test_a_nurse_scores_the_items_of_the_childs_age(world):
    nurse = client_for(world.nurse)
    url = reverse("parent_portal:staff_milestones", args=[world.child.pk])
    page = nurse.get(url)
    assert "Pakt blokje over" in page.text  # 9 months; the child is 10 months old
    assert "Stapelt 2 blokjes" not in page.text  # 18 months: not yet
    response = nurse.post(
        url,
        {
            "observed_on": timezone.localdate().isoformat(),
            "item_7": "+",
            "item_6_left": "+",
            "item_6_right": "-",
        },
    )
    assert response.status_code == 302
    assert world.child.milestone_observations.count() == 2
    half = nurse.post(url, {"observed_on": timezone.localdate().isoformat(), "item_6_left": "+"})
    assert "Scoor links en rechts" in half.text


def test_the_parent_sees_what_was_observed_and_what_comes_next(world):
    services.milestones_record(
        actor=world.nurse,
        child=world.child,
        observed_on=timezone.localdate(),
        scores=[services.ItemScore(item(7), "+"), services.ItemScore(item(8), "-")],
    )
    page = client_for(world.pat).get(reverse("parent_portal:milestones", args=[world.child.pk]))
    assert "Pakt blokje over" in page.text and "lukt" in page.text
    assert "nog niet gezien, volgende keer opnieuw" in page.text
    assert "Rond 12 maanden" in page.text and "Pakt propje met duim en wijsvinger" in page.text


def test_a_preterm_child_is_offered_items_for_its_corrected_age(world):
    preterm = make_child(world.organisations["bureau_a"], age_days=200, gestational_age_weeks=30)
    give_parent(preterm, world.pat)
    overview = selectors.milestone_overview(preterm)
    assert overview["age_months"] == pytest.approx((200 - 70) / 30.4375)
    assert 7 not in [s.item.number for s in overview["due"]]  # 9-month item not yet
