"""The nine questions of the bureau dashboards: slug, title, the question it answers and how its
figure is defined. Pure data (no ORM): selectors, pages, downloads and the API share it."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

DOCTOR = "doctor"
NURSE = "nurse"
KINDS = (DOCTOR, NURSE)


@dataclass(frozen=True)
class Question:
    number: int
    slug: str
    title: str
    question: str
    formula: str
    # The practitioner kind shown when none is chosen (None: doctors and nurses together).
    default_kind: str | None
    kinds: tuple[str, ...] = KINDS
    # False: the figure is a distribution over the whole period, not a time series.
    uses_granularity: bool = True
    needs_doctor: bool = False
    # What the tile's figure is (shown under it).
    headline: str = ""

    @property
    def source(self) -> str:
        """The summary table its figures come from (beside the chart, in downloads, in the API)."""
        if self.slug == "registrations":
            return _(
                "samenvattingstabellen (aanmeldingen per bureau, dag van de boeking, dagdeel en "
                "soort zitting)"
            )
        return _("samenvattingstabellen (dagcijfers per bureau, dagdeel en soort zitting)")


QUESTIONS: tuple[Question, ...] = (
    Question(
        1,
        "allocated-hours",
        _("Toegekende en geplande artsenuren"),
        _("Hoeveel van de toegekende artsenuren zijn al gepland?"),
        _(
            "Toegekend = de toegekende artsenuren van het jaar, naar rato van het aantal dagen van "
            "de periode in dat jaar. Gepland = som van de duur van de artsenzittingen ÷ 60. "
            "Gepland in % = gepland ÷ toegekend × 100. Kies ‘verpleegkundige’ voor de uren van "
            "verpleegkundigen."
        ),
        DOCTOR,
        headline=_("van de toegekende artsenuren gepland"),
    ),
    Question(
        2,
        "hour-distribution",
        _("Verdeling van de geplande artsenuren"),
        _("Hoe zijn de geplande artsenuren verdeeld over weekdagen, dagdelen, artsen en bureaus?"),
        _(
            "Geplande uren = som van de duur van de zittingen ÷ 60, per weekdag, per dagdeel, per "
            "arts en per bureau. Aandeel = uren van de groep ÷ alle geplande uren × 100."
        ),
        DOCTOR,
        uses_granularity=False,
        headline=_("geplande artsenuren"),
    ),
    Question(
        3,
        "sessions",
        _("Zittingen, bezetting en vruchteloze contacten"),
        _("Hoeveel zittingen waren er, hoe vol zaten ze en hoeveel kinderen kwamen niet?"),
        _(
            "Bezetting = bezette plaatsen ÷ plaatsen × 100 (inschuivers nemen geen plaats in). "
            "Vruchteloze contacten = afspraken waarop het kind niet kwam. Niet-gekomen-graad = "
            "niet gekomen ÷ (uitgevoerd + niet gekomen) × 100."
        ),
        None,
        headline=_("bezetting van de plaatsen"),
    ),
    Question(
        4,
        "postponements",
        _("Verzette afspraken"),
        _("Hoeveel contacten worden verzet via het portaal of via de telefoonlijn?"),
        _(
            "Verzet per 100 geplande contacten = verzet ÷ geplande contacten × 100, per kanaal. "
            "Geplande contacten = gepland + uitgevoerd + niet gekomen + geannuleerd + verzet via "
            "het portaal + verzet via de telefoonlijn."
        ),
        None,
        headline=_("verzet per 100 geplande contacten"),
    ),
    Question(
        5,
        "registrations",
        _("Aanmeldingen"),
        _("Hoe evolueren de aanmeldingen bij artsen en verpleegkundigen?"),
        _(
            "Aanmelding = de eerste afspraak die voor een kind bij die soort zorgverlener op het "
            "bureau geboekt werd, geteld op de dag van de boeking en in het dagdeel van de "
            "geboekte zitting. Een latere of verzette afspraak is geen nieuwe aanmelding."
        ),
        None,
        headline=_("aanmeldingen"),
    ),
    Question(
        6,
        "enrolments",
        _("Nieuwe inschrijvingen"),
        _("Hoe evolueren de nieuwe inschrijvingen bij artsen en verpleegkundigen?"),
        _(
            "Nieuwe inschrijving = het eerste uitgevoerde contact van een kind met die soort "
            "zorgverlener op dat bureau."
        ),
        None,
        headline=_("nieuwe inschrijvingen"),
    ),
    Question(
        7,
        "next-year",
        _("Toegekende uren volgend jaar"),
        _(
            "Hoeveel uren zijn toegekend voor volgend jaar, naast de toekenning en de planning "
            "van dit jaar?"
        ),  # fmt: skip
        _(
            "Dit jaar = het jaar waarin de gekozen periode eindigt. Toegekend = de toegekende "
            "uren van dat jaar en van het jaar erna. Gepland = som van de duur van de zittingen "
            "van dat hele jaar ÷ 60. Verschil = volgend jaar − dit jaar."
        ),
        DOCTOR,
        uses_granularity=False,
        headline=_("toegekende artsenuren volgend jaar"),
    ),
    Question(
        8,
        "contacts-per-doctor",
        _("Uitgevoerde contacten per arts per zitting"),
        _("Hoeveel contacten voert een arts gemiddeld uit per zitting?"),
        _(
            "Contacten per zitting = uitgevoerde contacten ÷ zittingen van de arts. Een arts met "
            "minder dan 5 uitgevoerde contacten in de periode tonen we niet (—), om die persoon "
            "te beschermen."
        ),
        DOCTOR,
        kinds=(DOCTOR,),
        needs_doctor=True,
        headline=_("uitgevoerde contacten per zitting"),
    ),
    Question(
        9,
        "consult-kinds",
        _("Soorten consulten"),
        _("Hoeveel duo-, inschuif-, combi- en extra consulten waren er?"),
        _(
            "Aantal uitgevoerde contacten per soort consult: gewoon, duo, inschuiver, combi en "
            "extra."
        ),
        None,
        headline=_("duo-, inschuif-, combi- en extra consulten"),
    ),
)
BY_SLUG = {q.slug: q for q in QUESTIONS}

# Fewer executed contacts than this in a period: a doctor's figures are not shown.
SUPPRESSION_THRESHOLD = 5
# The median of an organiser's bureaus is shown beside the user's own figures only with at least
# this many bureaus with data, unless the user may see every one of them anyway.
MEDIAN_MIN_BUREAUS = 3
