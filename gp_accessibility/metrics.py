"""What the results show for each circle, declared once: the figures of care supply (from the
circle's accepted GP list) and care need (from the indicators), with their unit, how many
decimals to show, which way is "more need" and how each is computed. No ORM."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .indicators import NEED_INDICATORS


@dataclass(frozen=True)
class Metric:
    key: str
    group: str  # "supply" or "need"
    label: Promise
    unit: Promise
    decimals: int
    formula: Promise
    # +1: a higher value means more need or less supply (a concern); -1: the opposite; 0: size.
    concern_sign: int = 0


SUPPLY: tuple[Metric, ...] = (
    Metric(
        "gp_count",
        "supply",
        _("Huisartsen"),
        _("aantal"),
        0,
        _("Huisartsen op de laatst aanvaarde lijst van de kring zonder einddatum in het verleden."),
    ),
    Metric(
        "weekly_hours",
        "supply",
        _("Uren patiëntcontact per week"),
        _("uur"),
        0,
        _("Som van de uren patiëntcontact per week van die huisartsen."),
    ),
    Metric(
        "fte",
        "supply",
        _("Voltijdse equivalenten"),
        _("VTE"),
        1,
        _("Uren patiëntcontact per week gedeeld door %(hours)s uur (één voltijdse week)."),
    ),
    Metric(
        "accepting_share",
        "supply",
        _("Neemt nieuwe patiënten aan"),
        _("% van de huisartsen"),
        0,
        _("Huisartsen met „ja” bij „Neemt nieuwe patiënten aan”, gedeeld door alle huisartsen."),
        -1,
    ),
    Metric(
        "limited_share",
        "supply",
        _("Neemt beperkt nieuwe patiënten aan"),
        _("% van de huisartsen"),
        0,
        _("Huisartsen met „beperkt”, gedeeld door alle huisartsen."),
    ),
    Metric(
        "gps_per_1000",
        "supply",
        _("Huisartsen per 1.000 inwoners"),
        _("per 1.000 inwoners"),
        2,
        _("Huisartsen gedeeld door de inwoners van het werkingsgebied, maal 1.000."),
        -1,
    ),
    Metric(
        "fte_per_1000",
        "supply",
        _("Voltijdse equivalenten per 1.000 inwoners"),
        _("VTE per 1.000 inwoners"),
        2,
        _("Voltijdse equivalenten gedeeld door de inwoners, maal 1.000."),
        -1,
    ),
    Metric(
        "gps_per_100k",
        "supply",
        _("Huisartsen per 100.000 inwoners"),
        _("per 100.000 inwoners"),
        0,
        _(
            "Huisartsen gedeeld door de inwoners, maal 100.000. De criteria van het agentschap "
            "voor een tekort: minder dan 90, of minder dan 120 bij minder dan 125 inwoners per km²."
        ),
        -1,
    ),
)

NEED: tuple[Metric, ...] = (
    Metric(
        "population",
        "need",
        _("Inwoners"),
        _("aantal"),
        0,
        _("Inwoners van de gemeenten van het werkingsgebied (een gedeelde gemeente telt deels)."),
    ),
    Metric(
        "area_km2",
        "need",
        _("Oppervlakte"),
        _("km²"),
        1,
        _(
            "Oppervlakte van de gemeenten van het werkingsgebied (een gedeelde gemeente telt "
            "deels)."
        ),
    ),
    Metric(
        "density",
        "need",
        _("Bevolkingsdichtheid"),
        _("inwoners per km²"),
        0,
        _("Inwoners gedeeld door de oppervlakte van het werkingsgebied."),
    ),
    *(
        Metric(
            indicator.key,
            "need",
            indicator.label,
            _("%") if indicator.is_share else _("euro"),
            1 if indicator.is_share else 0,
            _("Gemiddelde van de gemeenten, gewogen naar hun inwoners."),
            indicator.need_sign,
        )
        for indicator in NEED_INDICATORS
    ),
)

ALL: tuple[Metric, ...] = (*SUPPLY, *NEED)
BY_KEY: dict[str, Metric] = {metric.key: metric for metric in ALL}
