"""Demo questionnaires (idempotent): one for the consult of toddlers and preschoolers, and the
agency's questionnaire to GP circles on the accessibility of GP care, with helpers that
gp_accessibility's demo uses to seed rounds for its demo circles."""

from __future__ import annotations

import random
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction

from portal.demo import DemoContext

from . import services
from .models import Choice, Question, Questionnaire, Response, Round, RoundEntry, Section

CODE = "consult-peuter-kleuter"

YES_NO = [("ja", "Ja"), ("nee", "Nee")]

SECTIONS = [
    (
        "Gezondheid",
        "Een paar vragen over hoe het met je kind gaat.",
        [
            # code, text, kind, required, research, extra
            (
                "gezond",
                "Is je kind de laatste maanden meestal gezond geweest?",
                "single",
                True,
                False,
                {"choices": YES_NO},
            ),
            (
                "ziek_uitleg",
                "Wat was er aan de hand?",
                "text",
                True,
                False,
                {"show_if": ("gezond", ["nee"]), "help_text": "Kort is genoeg."},
            ),
            (
                "tandarts",
                "Wanneer ging je kind voor het laatst naar de tandarts?",
                "date",
                False,
                False,
                {},
            ),
        ],
    ),
    (
        "Slapen en spelen",
        "",
        [
            (
                "slaapuren",
                "Hoeveel uur slaapt je kind gemiddeld per nacht?",
                "number",
                True,
                True,
                {"number_min": 4, "number_max": 16},
            ),
            (
                "doorslapen",
                "Hoe goed slaapt je kind door?",
                "scale",
                True,
                True,
                {"scale": (1, 5, "slecht", "heel goed")},
            ),
            (
                "schermtijd",
                "Hoeveel minuten per dag kijkt je kind naar een scherm?",
                "number",
                True,
                True,
                {"number_min": 0, "number_max": 600},
            ),
            (
                "buiten",
                "Waar speelt je kind graag?",
                "multiple",
                False,
                True,
                {
                    "choices": [
                        ("binnen", "Binnen"),
                        ("tuin", "In de tuin"),
                        ("speeltuin", "In de speeltuin"),
                        ("opvang", "In de opvang of op school"),
                    ]
                },
            ),
        ],
    ),
    (
        "Ontwikkeling",
        "",
        [
            (
                "zorgen",
                "Maak je je zorgen over de ontwikkeling van je kind?",
                "single",
                True,
                False,
                {"choices": YES_NO},
            ),
            (
                "zorgen_waarover",
                "Waarover maak je je zorgen?",
                "multiple",
                True,
                False,
                {
                    "show_if": ("zorgen", ["ja"]),
                    "choices": [
                        ("praten", "Praten"),
                        ("bewegen", "Bewegen"),
                        ("gedrag", "Gedrag"),
                        ("eten", "Eten"),
                        ("anders", "Iets anders"),
                    ],
                },
            ),
            ("vraag", "Wil je iets bespreken bij het volgende bezoek?", "text", False, False, {}),
        ],
    ),
]


def _define(questionnaire: Questionnaire, sections: list) -> None:
    by_code: dict[str, Question] = {}
    for position, (title, intro, questions) in enumerate(sections):
        section, _ = Section.objects.update_or_create(
            questionnaire=questionnaire,
            position=position,
            defaults={"title": title, "intro": intro},
        )
        for q_position, (code, text, kind, required, research, extra) in enumerate(questions):
            show_if = extra.get("show_if")
            scale = extra.get("scale", (None, None, "", ""))
            question, _ = Question.objects.update_or_create(
                section=section,
                code=code,
                defaults={
                    "position": q_position,
                    "text": text,
                    "kind": kind,
                    "required": required,
                    "is_research": research,
                    "help_text": extra.get("help_text", ""),
                    "scale_min": scale[0],
                    "scale_max": scale[1],
                    "scale_min_label": scale[2],
                    "scale_max_label": scale[3],
                    "number_min": extra.get("number_min"),
                    "number_max": extra.get("number_max"),
                    "show_if_question": by_code.get(show_if[0]) if show_if else None,
                    "show_if_values": show_if[1] if show_if else [],
                },
            )
            by_code[code] = question
            for c_position, (value, label) in enumerate(extra.get("choices", [])):
                Choice.objects.update_or_create(
                    question=question,
                    value=value,
                    defaults={"label": label, "position": c_position},
                )


@transaction.atomic
def seed(ctx: DemoContext) -> None:
    seed_gp_questionnaire(ctx)
    questionnaire, _created = Questionnaire.objects.update_or_create(
        code=CODE,
        defaults={
            "title": "Vragenlijst voor het consult",
            "intro": "Deze vragenlijst helpt de arts of verpleegkundige het bezoek voor te "
            "bereiden. "
            "Je kunt tussendoor stoppen: je antwoorden worden bewaard.",
            "research_note": "De antwoorden op de vragen over slapen en spelen worden anoniem "
            "doorgegeven voor onderzoek naar de gezondheid van jonge kinderen.",
            "is_demo": True,
        },
    )
    ctx.questionnaire = questionnaire  # type: ignore[attr-defined]
    _define(questionnaire, SECTIONS)


# --- The accessibility questionnaire to GP circles ----------------------------------------------
# Themes of the project's questionnaire (pilot results in ../shared/data): new patients, waiting
# times, out-of-hours care, departures and arrivals, workload.

GP_SECTIONS = [
    (
        "Nieuwe patiënten",
        "Denk aan alle huisartsenpraktijken van je kring op dit moment.",
        [
            (
                "nieuwe_patienten",
                "Nemen de huisartsen van je kring nieuwe patiënten aan?",
                "single",
                True,
                False,
                {
                    "choices": [
                        ("ja", "Ja, (bijna) alle praktijken"),
                        (
                            "gedeeltelijk",
                            "Gedeeltelijk: een deel van de praktijken heeft een patiëntenstop",
                        ),
                        ("nee", "Nee, (bijna) alle praktijken hebben een patiëntenstop"),
                    ]
                },
            ),
            (
                "stop_aandeel",
                "Welk deel van de praktijken heeft een volledige patiëntenstop (in %)?",
                "number",
                True,
                False,
                {
                    "show_if": ("nieuwe_patienten", ["gedeeltelijk", "nee"]),
                    "number_min": 0,
                    "number_max": 100,
                    "help_text": "Een schatting is genoeg, bv. 15.",
                },
            ),
            (
                "stop_redenen",
                "Waarom nemen praktijken geen (of minder) nieuwe patiënten aan?",
                "multiple",
                True,
                False,
                {
                    "show_if": ("nieuwe_patienten", ["gedeeltelijk", "nee"]),
                    "choices": [
                        ("werkdruk", "De werkdruk is te hoog"),
                        ("vertrek", "Een huisarts stopte of vertrok"),
                        ("tekort", "Er zijn te weinig huisartsen in de regio"),
                        ("praktijk_vol", "De praktijk heeft haar maximum bereikt"),
                        ("andere", "Andere reden"),
                    ],
                },
            ),
        ],
    ),
    (
        "Wachttijd en bereikbaarheid",
        "",
        [
            (
                "wachttijd_dagen",
                "Hoeveel werkdagen wacht een patiënt gemiddeld op een niet-dringende afspraak?",
                "number",
                True,
                False,
                {"number_min": 0, "number_max": 60, "help_text": "Bv. 3. Dezelfde dag is 0."},
            ),
            (
                "dringend_zelfde_dag",
                "Kan een patiënt die op maandagochtend belt met een dringende vraag, dezelfde "
                "dag nog terecht?",
                "single",
                True,
                False,
                {
                    "choices": [
                        ("altijd", "Ja, in (bijna) alle praktijken"),
                        ("meestal", "In de meeste praktijken"),
                        ("soms", "Slechts in enkele praktijken"),
                    ]
                },
            ),
            (
                "vrije_consultatie",
                "Bieden praktijken nog vrije consultaties (zonder afspraak) aan?",
                "single",
                True,
                False,
                {
                    "choices": [
                        ("meestal", "In de meeste praktijken"),
                        ("enkele", "In enkele praktijken"),
                        ("geen", "Nergens meer"),
                    ]
                },
            ),
            (
                "huisbezoeken",
                "Doen de huisartsen van je kring nog huisbezoeken?",
                "single",
                True,
                False,
                {
                    "choices": [
                        ("ja", "Ja, wanneer nodig"),
                        ("beperkt", "Alleen bij wie niet naar de praktijk kan komen"),
                        ("nee", "Nee"),
                    ]
                },
            ),
        ],
    ),
    (
        "Wachtdienst en buiten de openingsuren",
        "",
        [
            (
                "wachtdienst",
                "Hoe is de huisartsenzorg buiten de openingsuren geregeld?",
                "multiple",
                True,
                False,
                {
                    "help_text": "Kies alles wat van toepassing is.",
                    "choices": [
                        ("wachtpost", "Een huisartsenwachtpost"),
                        ("beurtrol", "Een wachtdienst met beurtrol in de kring"),
                        ("triage_1733", "Telefonische triage via 1733"),
                        ("andere", "Een andere regeling"),
                    ],
                },
            ),
            (
                "wachtpost_km",
                "Hoe ver rijdt een patiënt gemiddeld naar de wachtpost (in km)?",
                "number",
                False,
                False,
                {"show_if": ("wachtdienst", ["wachtpost"]), "number_min": 0, "number_max": 100},
            ),
            (
                "wachtdienst_last",
                "Hoe zwaar weegt de wachtdienst op de huisartsen van je kring?",
                "scale",
                True,
                False,
                {"scale": (1, 5, "licht", "zeer zwaar")},
            ),
        ],
    ),
    (
        "Vertrek en instroom",
        "Een schatting voor de komende vijf jaar is genoeg.",
        [
            (
                "vertrek_5_jaar",
                "Hoeveel huisartsen van je kring stoppen naar verwachting in de komende vijf jaar?",
                "number",
                True,
                False,
                {"number_min": 0, "number_max": 500},
            ),
            (
                "instroom_5_jaar",
                "Hoeveel nieuwe huisartsen verwacht je in de komende vijf jaar (ook HAIO's die "
                "blijven)?",
                "number",
                True,
                False,
                {"number_min": 0, "number_max": 500},
            ),
            (
                "vacatures",
                "Zoeken praktijken van je kring nu een huisarts?",
                "single",
                True,
                False,
                {"choices": [("ja", "Ja"), ("nee", "Nee")]},
            ),
            (
                "werkdruk",
                "Hoe ervaren de huisartsen van je kring hun werkdruk?",
                "scale",
                True,
                False,
                {"scale": (1, 5, "goed te doen", "ondraaglijk")},
            ),
            (
                "opmerkingen",
                "Wil je nog iets toelichten?",
                "text",
                False,
                False,
                {"help_text": "Noem geen namen van patiënten of huisartsen."},
            ),
        ],
    ),
]


def seed_gp_questionnaire(ctx: DemoContext) -> Questionnaire:
    questionnaire, _created = Questionnaire.objects.update_or_create(
        code=settings.GP_ACCESSIBILITY_QUESTIONNAIRE,
        defaults={
            "title": "Toegankelijkheid van de huisartsenzorg",
            "intro": "Het agentschap brengt samen met de huisartsenkringen de toegankelijkheid "
            "van de huisartsenzorg in kaart. Beantwoord de vragen voor je hele kring; collega's "
            "kunnen verder invullen waar jij stopte.",
            "audience": Questionnaire.Audience.ORGANISATIONS,
            "retention_years": 10,
            "is_demo": True,
        },
    )
    _define(questionnaire, GP_SECTIONS)
    ctx.gp_questionnaire = questionnaire  # type: ignore[attr-defined]
    return questionnaire


def demo_answers(rng: random.Random, *, pressure: float) -> dict[str, Any]:
    """Plausible answers of one circle (pilot results: 60% partial patient stop, 13% full stop,
    96.6% still do home visits, 95.7% a same-day slot, a third has vacancies, 1 GP in 4 plans to
    stop within five years, 44% heavy workload). `pressure` 0-1 shifts a circle's answers."""

    def pick(options: list[tuple[str, float]]) -> str:
        return rng.choices([o for o, _w in options], weights=[w for _o, w in options])[0]

    accepts = pick(
        [("ja", 0.4 - 0.3 * pressure), ("gedeeltelijk", 0.6), ("nee", 0.05 + 0.3 * pressure)]
    )
    answers: dict[str, Any] = {
        "nieuwe_patienten": accepts,
        "wachttijd_dagen": round(2 + 8 * pressure + rng.uniform(-1.5, 2.5)),
        "dringend_zelfde_dag": pick(
            [("altijd", 0.8 - 0.4 * pressure), ("meestal", 0.3), ("soms", 0.05 + 0.2 * pressure)]
        ),
        "vrije_consultatie": pick([("meestal", 0.1), ("enkele", 0.4), ("geen", 0.5)]),
        "huisbezoeken": pick([("ja", 0.7), ("beperkt", 0.28), ("nee", 0.02)]),
        "wachtdienst": sorted(
            {"wachtpost", "triage_1733"} | ({"beurtrol"} if rng.random() < 0.3 else set())
        ),
        "wachtpost_km": round(rng.uniform(4, 12) + 10 * pressure, 1),
        "wachtdienst_last": min(5, max(1, round(2.5 + 2 * pressure + rng.uniform(-1, 1)))),
        "vertrek_5_jaar": rng.randint(8, 20),
        "instroom_5_jaar": rng.randint(4, 14),
        "vacatures": pick([("ja", 0.35 + 0.3 * pressure), ("nee", 0.65 - 0.3 * pressure)]),
        "werkdruk": min(5, max(1, round(3 + 1.5 * pressure + rng.uniform(-1, 1)))),
    }
    if accepts != "ja":
        answers["stop_aandeel"] = round(rng.uniform(5, 20) + 30 * pressure)
        answers["stop_redenen"] = sorted(
            {"werkdruk"}
            | set(rng.sample(["vertrek", "tekort", "praktijk_vol"], k=rng.randint(1, 2)))
        )
    return answers


def _question_ids(questionnaire: Questionnaire) -> dict[str, int]:
    return dict(
        Question.objects.filter(section__questionnaire=questionnaire).values_list("code", "pk")
    )


def demo_round(
    *,
    questionnaire: Questionnaire,
    title: str,
    opens_at: datetime,
    deadline: datetime,
    organisations: list[Any],
    created_by: Any,
) -> tuple[Round, bool]:
    """A demo round (found by its title, else created without e-mails): (round, created)."""
    existing = Round.objects.filter(questionnaire=questionnaire, title=title, is_demo=True).first()
    if existing:
        return existing, False
    round_ = Round.objects.create(
        questionnaire=questionnaire,
        title=title,
        opens_at=opens_at,
        deadline=deadline,
        reminder_days=[7, 2],
        created_by=created_by,
        is_demo=True,
    )
    for organisation in organisations:
        response = services.response_start(
            questionnaire=questionnaire, pseudonym_source=f"organisation:{organisation.pk}"
        )
        RoundEntry.objects.create(round=round_, organisation=organisation, response=response)
    return round_, True


def demo_fill(
    entry: RoundEntry, answers: dict[str, Any], *, actor: Any, submit_at: datetime | None
) -> None:
    """Store a circle's answers; submit them (dated `submit_at`) when given."""
    ids = _question_ids(entry.round.questionnaire)
    services.answers_save(
        actor=actor,
        response=entry.response,
        values={ids[code]: value for code, value in answers.items() if code in ids},
    )
    if submit_at is not None:
        services.response_submit(actor=actor, response=entry.response)
        Response.objects.filter(pk=entry.response_id).update(submitted_at=submit_at)


def demo_close(round_: Round, *, closed_at: datetime, actor: Any) -> None:
    Round.objects.filter(pk=round_.pk).update(closed_at=closed_at, closed_by=actor)
