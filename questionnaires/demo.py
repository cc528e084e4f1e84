"""A demo questionnaire for the consult of toddlers and preschoolers (idempotent)."""

from __future__ import annotations

from django.db import transaction

from portal.demo import DemoContext

from .models import Choice, Question, Questionnaire, Section

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


@transaction.atomic
def seed(ctx: DemoContext) -> None:
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
    by_code: dict[str, Question] = {}
    for position, (title, intro, questions) in enumerate(SECTIONS):
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
