"""Sensitivity analysis: what happens to total time and cost when one item's time share changes.

The model (the seed's worked example):
- A set of items (clusters, or the activities of one cluster) with their hours and cost; the
  shares are of the set's total. The chosen item gets a new time share, expressed as a share of
  the *original* total time; every other item keeps its hours ("met behoud van tijdsbesteding
  aan andere activiteiten").
- The chosen item's cost per hour stays what it was, so its cost scales with its hours:
  new cost = old cost × new hours ÷ old hours. (An item without hours yet is costed at the
  set's average cost per hour.)
- New totals are then 100 % + the change of that one item, for time and for cost.

Example from the seed: team meeting 15 % of the time and 22 % of the cost of specialised
treatment, raised to 20 % of the time: total time 105 %, its cost 22 × 20 ÷ 15 = 29.3 %, total
cost 107.3 % (the seed rounds to 107 %).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Item:
    key: str
    hours: float
    cost: float


@dataclass(frozen=True)
class Row:
    key: str
    time_share: float  # before, share of the original total time
    cost_share: float  # before, share of the original total cost
    new_time_share: float  # after, still relative to the original total time
    new_cost_share: float  # after, relative to the original total cost
    changed: bool

    @property
    def cost_change(self) -> float:
        return self.new_cost_share - self.cost_share

    @property
    def time_change(self) -> float:
        return self.new_time_share - self.time_share


@dataclass(frozen=True)
class Result:
    rows: list[Row]
    total_hours: float
    total_cost: float
    new_total_hours: float
    new_total_cost: float

    @property
    def new_time_total(self) -> float:
        """New total time as a share of the old (1.05 = 105 %)."""
        return self.new_total_hours / self.total_hours if self.total_hours else 0.0

    @property
    def new_cost_total(self) -> float:
        return self.new_total_cost / self.total_cost if self.total_cost else 0.0

    @property
    def cost_change_total(self) -> float:
        return self.new_cost_total - 1.0

    @property
    def extra_hours(self) -> float:
        return self.new_total_hours - self.total_hours

    @property
    def extra_cost(self) -> float:
        return self.new_total_cost - self.total_cost


class SensitivityError(ValueError):
    pass


def apply(items: list[Item], target: str, new_time_share: float) -> Result:
    """Give `target` a new share of the original total time; everything else keeps its hours."""
    total_hours = sum(item.hours for item in items)
    total_cost = sum(item.cost for item in items)
    if total_hours <= 0:
        raise SensitivityError("no hours to start from")
    if not any(item.key == target for item in items):
        raise SensitivityError(f"unknown item {target!r}")
    if new_time_share < 0:
        raise SensitivityError("a time share cannot be negative")
    average_rate = total_cost / total_hours
    rows = []
    new_hours_total, new_cost_total = 0.0, 0.0
    for item in items:
        hours, cost = item.hours, item.cost
        if item.key == target:
            new_hours = new_time_share * total_hours
            rate = cost / hours if hours else average_rate
            hours, cost = new_hours, new_hours * rate
        new_hours_total += hours
        new_cost_total += cost
        rows.append(
            Row(
                key=item.key,
                time_share=item.hours / total_hours,
                cost_share=item.cost / total_cost if total_cost else 0.0,
                new_time_share=hours / total_hours,
                new_cost_share=cost / total_cost if total_cost else 0.0,
                changed=item.key == target,
            )
        )
    return Result(rows, total_hours, total_cost, new_hours_total, new_cost_total)
