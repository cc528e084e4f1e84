"""Cost per clinical hour, the one formula the portal shows to directors and uses in analyses.

    cost per clinical hour = monthly gross cost of clinical work × 12 ÷ (weekly clinical hours × 52)

The monthly cost already includes holiday pay, the year-end bonus, extra-legal benefits and
employer contributions (the seed), so twelve months carry the whole yearly cost. Short absences
for illness or leave are registered as an activity, so the contract hours count all 52 weeks.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

MONTHS_PER_YEAR = 12
WEEKS_PER_YEAR = 52
CENT = Decimal("0.01")


def cost_per_clinical_hour(
    monthly_clinical_cost: Decimal | None, weekly_clinical_hours: Decimal | None
) -> Decimal | None:
    """Euro per clinical hour, rounded to the cent; None when a figure is missing."""
    if not monthly_clinical_cost or not weekly_clinical_hours:
        return None
    yearly_cost = Decimal(monthly_clinical_cost) * MONTHS_PER_YEAR
    yearly_hours = Decimal(weekly_clinical_hours) * WEEKS_PER_YEAR
    return (yearly_cost / yearly_hours).quantize(CENT, rounding=ROUND_HALF_UP)
