"""The care-need indicators and the columns of the indicator file, declared once: the template,
the validation, the storage, the results and the exports read them from here. No ORM.

The six need indicators are the project's (the agency's "zorgnood" list); population and area
give the density. Values are per municipality (5-digit NIS code, as from 1 January 2025) or per
statistical sector (9 characters, the municipality's NIS code first) and per year.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from excel_intake.columns import Column, ColumnKind, Layout

TEMPLATE_VERSION = 1


@dataclass(frozen=True)
class Indicator:
    key: str  # field name in code and in the database
    header: str  # the Dutch column header of the file
    label: Promise  # short name in the portal
    definition: Promise  # what exactly is counted
    unit: str  # "%" or "€"
    need_sign: int  # +1: a higher value means more care need; -1: a higher value means less
    low: float  # accepted range (an error outside it)
    high: float

    @property
    def is_share(self) -> bool:
        return self.unit == "%"


NEED_INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "arrears_share",
        "Kredietnemers met achterstal (%)",
        _("Kredietnemers met achterstallige betaling"),
        _(
            "Aantal kredietnemers met minstens één uitstaand achterstallig contract, ten "
            "opzichte van alle inwoners van 18 jaar of ouder."
        ),
        "%",
        1,
        0,
        100,
    ),
    Indicator(
        "chronic_share",
        "Statuut chronische aandoening (%)",
        _("Statuut chronische aandoening"),
        _("Percentage rechthebbenden met het statuut chronische aandoening."),
        "%",
        1,
        0,
        100,
    ),
    Indicator(
        "low_work_intensity_share",
        "Zeer lage werkintensiteit (%)",
        _("Zeer lage werkintensiteit"),
        _(
            "Aantal personen in een gezin met een zeer lage werkintensiteit, ten opzichte van "
            "alle inwoners."
        ),
        "%",
        1,
        0,
        100,
    ),
    Indicator(
        "single_parent_share",
        "Alleenstaande ouders (%)",
        _("Alleenstaande ouders met kinderen"),
        _(
            "Huishoudens met kind(eren) bij een alleenstaande ouder, ten opzichte van alle "
            "huishoudens."
        ),
        "%",
        1,
        0,
        100,
    ),
    Indicator(
        "alone_75_share",
        "Alleenwonende 75-plussers (%)",
        _("Alleenwonende 75-plussers"),
        _("Alleenstaande inwoners van 75 jaar of ouder, ten opzichte van alle inwoners."),
        "%",
        1,
        0,
        100,
    ),
    Indicator(
        "net_income",
        "Netto belastbaar inkomen per inwoner (euro)",
        _("Netto belastbaar inkomen per inwoner"),
        _("Gemiddeld netto belastbaar inkomen per inwoner, in euro."),
        "€",
        -1,
        0,
        250_000,
    ),
)
BY_KEY: dict[str, Indicator] = {indicator.key: indicator for indicator in NEED_INDICATORS}

COLUMNS: tuple[Column, ...] = (
    Column(
        "area_code",
        "NIS-code",
        ColumnKind.CODE,
        hint="5 cijfers voor een gemeente (bv. 44021) of 9 tekens voor een statistische sector "
        "(bv. 44021A00-).",
        width=14,
        max_length=12,
    ),
    Column(
        "name",
        "Naam",
        ColumnKind.TEXT,
        required=False,
        hint="Naam van de gemeente of sector, ter controle (optioneel).",
        width=24,
    ),
    Column("year", "Jaar", ColumnKind.YEAR, hint="Het jaar van de cijfers, bv. 2024.", width=8),
    Column(
        "population",
        "Inwoners",
        ColumnKind.NUMBER,
        hint="Aantal inwoners op 1 januari, een geheel getal.",
        width=12,
        max_length=20,
    ),
    Column(
        "area_km2",
        "Oppervlakte (km²)",
        ColumnKind.NUMBER,
        hint="Oppervlakte in km², bv. 156,2.",
        width=12,
        max_length=20,
    ),
    *(
        Column(
            indicator.key,
            indicator.header,
            ColumnKind.NUMBER,
            required=False,
            hint=(
                "Percentage tussen 0 en 100, bv. 12,5. Leeg als het cijfer er niet is."
                if indicator.is_share
                else "Bedrag in euro, bv. 21350. Leeg als het cijfer er niet is."
            ),
            width=16,
            max_length=20,
        )
        for indicator in NEED_INDICATORS
    ),
)

LAYOUT = Layout(
    columns=COLUMNS,
    data_sheet="Indicatoren",
    marker_sheet="zorgportaal",
    marker_text="zorgportaal-indicatoren-zorgnood",
    template_version=TEMPLATE_VERSION,
)

INSTRUCTIONS = [
    "Indicatoren van zorgnood per gemeente of statistische sector",
    "",
    "Zo vul je het bestand in:",
    "1. Vul op het werkblad “Indicatoren” één rij per gemeente (of statistische sector) en jaar "
    "in, vanaf rij 2.",
    "2. Verander de kolomtitels op rij 1 niet. Je mag gegevens uit een openbare databank plakken.",
    "3. Gebruik de NIS-codes van 1 januari 2025 (na de gemeentefusies).",
    "4. Percentages schrijf je tussen 0 en 100 (12,5 en niet 0,125). Een ontbrekend cijfer laat "
    "je leeg.",
    "5. Per gemeente en jaar: ofwel één rij voor de hele gemeente, ofwel rijen per sector.",
    "6. Zorgportaal controleert alles vóór je de cijfers opslaat. Opslaan vervangt alle cijfers "
    "van de jaren in je bestand.",
    "",
    "De kolommen:",
]
