"""The practice's standard agreement ("overeenkomst"), filled in for a new trajectory.

The text is a document the participants sign, stored with the trajectory exactly as signed; it is
written in Dutch like the practice's other documents (practitioners can replace it per trajectory
with their own start documents).
"""

from __future__ import annotations

from datetime import date

AGREEMENT_TITLE = "Overeenkomst"

AGREEMENT_TEXT = """\
Overeenkomst tussen {facility} en {client}

1. Wat we samen doen
We starten op {start} met: {title}. In de eerste gesprekken bepalen we samen de doelen. We
bekijken regelmatig samen hoe het gaat en of de doelen nog kloppen.

2. Afspraken
Kan je niet komen? Laat het minstens 48 uur vooraf weten via het portaal of de telefoon.

3. Beroepsgeheim en toestemming
Je behandelaars hebben beroepsgeheim. We delen niets met anderen (school, huisarts, verwijzer)
zonder je toestemming, behalve als de wet het vraagt of als iemand in ernstig gevaar is. Je
toestemmingen zie en wijzig je in het portaal onder Dossier > Toestemming.

4. Jongeren vanaf 12 jaar
Vanaf 12 jaar heb je een eigen account en beslis je zelf over je toestemmingen. Of je ouders je
portaal mogen zien, bespreek je met je behandelaar.

5. Het portaal
Berichten in het portaal beantwoorden we binnen drie werkdagen. Het portaal is niet voor
dringende vragen: bel dan de praktijk. Buiten de openingsuren bel je bij acute zorgen de
huisartsenwachtpost, in levensgevaar 112. Denk je aan zelfdoding? Bel gratis 1813.

6. Je dossier
We bewaren je dossier zo lang als de wet het vraagt. Je mag het inkijken en er een kopie van
vragen.

7. Einde
Het traject stopt als de doelen bereikt zijn, of eerder als jij of wij dat vragen. Daarna sluit
het portaal. Er wordt niets gewist, en je kan een kopie van je documenten downloaden.
"""


def agreement_text(*, facility: str, client: str, title: str, start: date) -> str:
    return AGREEMENT_TEXT.format(
        facility=facility, client=client, title=title, start=start.strftime("%d/%m/%Y")
    )
