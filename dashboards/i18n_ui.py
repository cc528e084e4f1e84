"""English translations of the dashboards' pages, downloads, API and tile (for the lead, who fills
the catalogues; not imported by the app). Dutch source -> English; plurals as (one, many)."""

T = {
    # The nine questions (dashboards/questions.py)
    "Toegekende en geplande artsenuren": "Allocated and planned doctor hours",
    "Hoeveel van de toegekende artsenuren zijn al gepland?": (
        "How many of the allocated doctor hours have been planned?"
    ),
    "Toegekend = de toegekende artsenuren van het jaar, naar rato van het aantal dagen van de "
    "periode in dat jaar. Gepland = som van de duur van de artsenzittingen ÷ 60. Gepland in % = "
    "gepland ÷ toegekend × 100. Kies ‘verpleegkundige’ voor de uren van verpleegkundigen.": (
        "Allocated = the doctor hours allocated for the year, pro rata to the number of days of "
        "the period in that year. Planned = sum of the length of the doctors' sessions ÷ 60. "
        "Planned in % = planned ÷ allocated × 100. Choose ‘nurse’ for the nurses' hours."
    ),
    "Verdeling van de geplande artsenuren": "Distribution of the planned doctor hours",
    "Hoe zijn de geplande artsenuren verdeeld over weekdagen, dagdelen, artsen en bureaus?": (
        "How are the planned doctor hours spread over weekdays, parts of the day, doctors and "
        "bureaus?"
    ),
    "Geplande uren = som van de duur van de zittingen ÷ 60, per weekdag, per dagdeel, per arts "
    "en per bureau. Aandeel = uren van de groep ÷ alle geplande uren × 100.": (
        "Planned hours = sum of the length of the sessions ÷ 60, per weekday, per part of the "
        "day, per doctor and per bureau. Share = hours of the group ÷ all planned hours × 100."
    ),
    "Zittingen, bezetting en vruchteloze contacten": "Sessions, occupancy and fruitless contacts",
    "Hoeveel zittingen waren er, hoe vol zaten ze en hoeveel kinderen kwamen niet?": (
        "How many sessions were there, how full were they and how many children did not come?"
    ),
    "Bezetting = bezette plaatsen ÷ plaatsen × 100 (inschuivers nemen geen plaats in). "
    "Vruchteloze contacten = afspraken waarop het kind niet kwam. Niet-gekomen-graad = niet "
    "gekomen ÷ (uitgevoerd + niet gekomen) × 100.": (
        "Occupancy = places taken ÷ places × 100 (squeezed-in children take no place). Fruitless "
        "contacts = appointments the child did not come to. No-show rate = no-shows ÷ (done + "
        "no-shows) × 100."
    ),
    "Verzette afspraken": "Postponed appointments",
    "Hoeveel contacten worden verzet via het portaal of via de telefoonlijn?": (
        "How many contacts are postponed via the portal or via the phone line?"
    ),
    "Verzet per 100 geplande contacten = verzet ÷ geplande contacten × 100, per kanaal. Geplande "
    "contacten = gepland + uitgevoerd + niet gekomen + geannuleerd + verzet via het portaal + "
    "verzet via de telefoonlijn.": (
        "Postponed per 100 planned contacts = postponed ÷ planned contacts × 100, per channel. "
        "Planned contacts = booked + done + no-show + cancelled + postponed via the portal + "
        "postponed via the phone line."
    ),
    "Aanmeldingen": "Registrations",
    "Hoe evolueren de aanmeldingen bij artsen en verpleegkundigen?": (
        "How do registrations with doctors and nurses evolve?"
    ),
    "Aanmeldingen = afspraken die op die dag geboekt werden, bij de soort zitting waarin ze "
    "geboekt werden. Een verzette afspraak is geen nieuwe aanmelding.": (
        "Registrations = appointments booked on that day, counted with the kind of session they "
        "were booked in. A postponed appointment is not a new registration."
    ),
    "Nieuwe inschrijvingen": "New enrolments",
    "Hoe evolueren de nieuwe inschrijvingen bij artsen en verpleegkundigen?": (
        "How do new enrolments with doctors and nurses evolve?"
    ),
    "Nieuwe inschrijving = het eerste uitgevoerde contact van een kind met die soort "
    "zorgverlener op dat bureau.": (
        "New enrolment = a child's first executed contact with that kind of practitioner at that "
        "bureau."
    ),
    "Toegekende uren volgend jaar": "Allocated hours next year",
    "Hoeveel uren zijn toegekend voor volgend jaar, naast de toekenning en de planning van dit "
    "jaar?": (
        "How many hours are allocated for next year, beside this year's allocation and planning?"
    ),
    "Dit jaar = het jaar waarin de gekozen periode eindigt. Toegekend = de toegekende uren van "
    "dat jaar en van het jaar erna. Gepland = som van de duur van de zittingen van dat hele jaar "
    "÷ 60. Verschil = volgend jaar − dit jaar.": (
        "This year = the year in which the chosen period ends. Allocated = the hours allocated "
        "for that year and the year after. Planned = sum of the length of the sessions of that "
        "whole year ÷ 60. Difference = next year − this year."
    ),
    "Uitgevoerde contacten per arts per zitting": "Executed contacts per doctor per session",
    "Hoeveel contacten voert een arts gemiddeld uit per zitting?": (
        "How many contacts does a doctor carry out per session on average?"
    ),
    "Contacten per zitting = uitgevoerde contacten ÷ zittingen van de arts. Een arts met minder "
    "dan 5 uitgevoerde contacten in de periode tonen we niet (—), om die persoon te "
    "beschermen.": (
        "Contacts per session = executed contacts ÷ the doctor's sessions. A doctor with fewer "
        "than 5 executed contacts in the period is not shown (—), to protect that person."
    ),
    "Soorten consulten": "Kinds of consultation",
    "Hoeveel duo-, inschuif-, combi- en extra consulten waren er?": (
        "How many duo, squeezed-in, combined and extra consultations were there?"
    ),
    "Aantal uitgevoerde contacten per soort consult: gewoon, duo, inschuiver, combi en extra.": (
        "Number of executed contacts per kind of consultation: regular, duo, squeezed-in, "
        "combined and extra."
    ),
    "van de toegekende artsenuren gepland": "of the allocated doctor hours planned",
    "geplande artsenuren": "planned doctor hours",
    "bezetting van de plaatsen": "of the places taken",
    "verzet per 100 geplande contacten": "postponed per 100 planned contacts",
    "aanmeldingen": "registrations",
    "nieuwe inschrijvingen": "new enrolments",
    "toegekende artsenuren volgend jaar": "allocated doctor hours next year",
    "uitgevoerde contacten per zitting": "executed contacts per session",
    "duo-, inschuif-, combi- en extra consulten": (
        "duo, squeezed-in, combined and extra consultations"
    ),
    # Filters (dashboards/filters.py)
    "Vul een bestaande datum in als jjjj-mm-dd, bijvoorbeeld 2026-01-31.": (
        "Enter an existing date as yyyy-mm-dd, for example 2026-01-31."
    ),
    "Deze maand": "This month",
    "Laatste 3 maanden": "Last 3 months",
    "Dit jaar": "This year",
    "Vorig jaar": "Last year",
    "Zelf kiezen": "Choose dates",
    "Hele periode": "Whole period",
    "Per maand": "Per month",
    "Per week": "Per week",
    "Per dag": "Per day",
    "Per dagdeel": "Per part of the day",
    "Artsen en verpleegkundigen": "Doctors and nurses",
    "Artsen": "Doctors",
    "Verpleegkundigen": "Nurses",
    "Kies een periode uit de lijst.": "Choose a period from the list.",
    "Kies een indeling uit de lijst.": "Choose a breakdown from the list.",
    "Kies artsen of verpleegkundigen.": "Choose doctors or nurses.",
    "Kies een arts uit de lijst: die arts had geen zittingen op de gekozen bureaus.": (
        "Choose a doctor from the list: that doctor had no sessions at the chosen bureaus."
    ),
    "Periode": "Period",
    "Van": "From",
    "Tot en met": "Up to and including",
    "Indeling": "Breakdown",
    "Soort zitting": "Kind of session",
    "Arts": "Doctor",
    "Alle artsen": "All doctors",
    "Per dag kan voor hoogstens een jaar. Kies per week of per maand.": (
        "Per day is possible for one year at most. Choose per week or per month."
    ),
    "Vul een begindatum in (of kies een vaste periode).": (
        "Enter a start date (or choose a set period)."
    ),
    "Vul een einddatum in (of kies een vaste periode).": (
        "Enter an end date (or choose a set period)."
    ),
    "Kies een datum tussen 2000 en 2100.": "Choose a date between 2000 and 2100.",
    "De einddatum moet op of na de begindatum liggen.": (
        "The end date must be on or after the start date."
    ),
    "Kies een periode van hoogstens %(years)s jaar.": "Choose a period of %(years)s years at most.",
    # Figures and tables (dashboards/selectors.py)
    "Je selectie (%(n)s bureau)": (
        "Your selection (%(n)s bureau)",
        "Your selection (%(n)s bureaus)",
    ),
    "maandag": "Monday",
    "dinsdag": "Tuesday",
    "woensdag": "Wednesday",
    "donderdag": "Thursday",
    "vrijdag": "Friday",
    "zaterdag": "Saturday",
    "zondag": "Sunday",
    "Verpleegkundige": "Nurse",
    "Deze vraag toont de verdeling over de hele gekozen periode.": (
        "This question shows the distribution over the whole chosen period."
    ),
    "Aanmeldingen per soort zitting": "Registrations per kind of session",
    "Nieuwe inschrijvingen per soort zitting": "New enrolments per kind of session",
    "Totaal": "Total",
    "%(start)s tot en met %(end)s": "%(start)s up to and including %(end)s",
    "Maand": "Month",
    "Week": "Week",
    "Dag": "Day",
    "Dagdeel": "Part of the day",
    "artsen": "doctors",
    "verpleegkundigen": "nurses",
    "alle zittingen": "all sessions",
    "Bureaus": "Bureaus",
    "Voor deze bureaus en jaren zijn nog geen uren toegekend.": (
        "No hours have been allocated yet for these bureaus and years."
    ),
    "Uren worden per jaar toegekend, niet per dagdeel: zie de totaalrij.": (
        "Hours are allocated per year, not per part of the day: see the total row."
    ),
    "Weekdag": "Weekday",
    "Bureau": "Bureau",
    "Zittingen": "Sessions",
    "Plaatsen": "Places",
    "Bezette plaatsen": "Places taken",
    "Bezetting": "Occupancy",
    "Uitgevoerde contacten": "Executed contacts",
    "Vruchteloze contacten (niet gekomen)": "Fruitless contacts (no-shows)",
    "Niet-gekomen-graad": "No-show rate",
    "Verzette contacten per kanaal": "Postponed contacts per channel",
    "Dit jaar is %(year)s: het jaar waarin de gekozen periode eindigt.": (
        "This year is %(year)s: the year in which the chosen period ends."
    ),
    "Contacten per zitting": "Contacts per session",
    "Gewone consulten": "Regular consultations",
    "Duoconsulten": "Duo consultations",
    "Inschuivers": "Squeezed-in consultations",
    "Combiconsulten": "Combined consultations",
    "Extra consulten": "Extra consultations",
    "Alle uitgevoerde contacten": "All executed contacts",
    "De vergelijking met de mediaan van de bureaus van %(organiser)s tonen we pas vanaf %(n)s "
    "bureaus met cijfers.": (
        "The comparison with the median of %(organiser)s's bureaus is shown from %(n)s bureaus "
        "with figures."
    ),
    "Vergelijking met de mediaan van de bureaus van %(organiser)s": (
        "Comparison with the median of %(organiser)s's bureaus"
    ),
    "Toegekende en geplande uren (%(kind)s)": "Allocated and planned hours (%(kind)s)",
    "Geplande uren per weekdag (%(kind)s)": "Planned hours per weekday (%(kind)s)",
    "Geplande uren per dagdeel (%(kind)s)": "Planned hours per part of the day (%(kind)s)",
    "Geplande uren per %(who)s": "Planned hours per %(who)s",
    "Geplande uren per bureau (%(kind)s)": "Planned hours per bureau (%(kind)s)",
    "Zittingen, bezetting en vruchteloze contacten (%(kind)s)": (
        "Sessions, occupancy and fruitless contacts (%(kind)s)"
    ),
    "Samen": "Together",
    "Toegekende uren %(next)s naast %(year)s (%(kind)s)": (
        "Allocated hours %(next)s beside %(year)s (%(kind)s)"
    ),
    "Voor %(year)s zijn nog geen uren toegekend.": "No hours have been allocated for %(year)s yet.",
    "Uitgevoerde contacten per zitting, per arts": "Executed contacts per session, per doctor",
    "Uitgevoerde contacten per zitting, per periode": "Executed contacts per session, per period",
    "— : minder dan %(n)s uitgevoerde contacten. Zo kleine aantallen tonen we niet, om de "
    "artsen te beschermen.": (
        "— : fewer than %(n)s executed contacts. We do not show such small numbers, to protect "
        "the doctors."
    ),
    "%(count)s arts had minder dan %(n)s uitgevoerde contacten in deze periode.": (
        "%(count)s doctor had fewer than %(n)s executed contacts in this period.",
        "%(count)s doctors had fewer than %(n)s executed contacts in this period.",
    ),
    "Uitgevoerde contacten per soort consult (%(kind)s)": (
        "Executed contacts per kind of consultation (%(kind)s)"
    ),
    "week %(week)s van %(year)s": "week %(week)s of %(year)s",
    "Toegekende uren": "Allocated hours",
    "Geplande uren": "Planned hours",
    "Gepland t.o.v. toegekend": "Planned compared with allocated",
    "Aandeel": "Share",
    "Geplande contacten (%(kind)s)": "Planned contacts (%(kind)s)",
    "Verzet via het portaal (%(kind)s)": "Postponed via the portal (%(kind)s)",
    "Verzet via de telefoonlijn (%(kind)s)": "Postponed via the phone line (%(kind)s)",
    "Via het portaal per 100 geplande (%(kind)s)": "Via the portal per 100 planned (%(kind)s)",
    "Via de telefoonlijn per 100 geplande (%(kind)s)": (
        "Via the phone line per 100 planned (%(kind)s)"
    ),
    "Verschil": "Difference",
    "Uitgevoerde contacten per zitting van %(name)s, per periode": (
        "Executed contacts per session of %(name)s, per period"
    ),
    "Mediaan van %(n)s bureau": ("Median of %(n)s bureau", "Median of %(n)s bureaus"),
    "Toegekend %(year)s": "Allocated %(year)s",
    "Gepland %(year)s": "Planned %(year)s",
    # Downloads (dashboards/exports.py) and the chart's label (dashboards/presentation.py)
    "Vraag": "Question",
    "Organisator": "Organiser",
    "Formule": "Formula",
    "Bron": "Source",
    "samenvattingstabellen (dagcijfers per bureau, dagdeel en soort zitting)": (
        "summary tables (daily figures per bureau, part of the day and kind of session)"
    ),
    "Laatst bijgewerkt": "Last updated",
    "Definitie": "Definition",
    "nog niet": "not yet",
    "Opmerking": "Note",
    "Grafiek: %(caption)s. Dezelfde cijfers staan in de tabel.": (
        "Chart: %(caption)s. The table holds the same numbers."
    ),
    # Tile (dashboards/tiles.py) and templates
    "Dashboards consultatiebureaus": "Consultation-bureau dashboards",
    "Uren, zittingen, bezetting, verzette afspraken, aanmeldingen en consulten.": (
        "Hours, sessions, occupancy, postponed appointments, registrations and consultations."
    ),
    "Dashboards": "Dashboards",
    "Je organisatie heeft nog geen consultatiebureaus in het portaal. Zodra het agentschap ze "
    "toevoegt, zie je hier hun cijfers.": (
        "Your organisation has no consultation bureaus in the portal yet. Once the agency adds "
        "them, you will see their figures here."
    ),
    "Negen vragen over de zittingen van je consultatiebureaus. Elke tegel toont het cijfer voor "
    "de gekozen periode; open een vraag voor de grafiek, de tabel en de downloads.": (
        "Nine questions about the sessions of your consultation bureaus. Each tile shows the "
        "figure for the chosen period; open a question for the chart, the table and the downloads."
    ),
    "%(organiser)s, %(counter)s bureau, van %(start)s tot en met %(end)s.": (
        "%(organiser)s, %(counter)s bureau, from %(start)s up to and including %(end)s.",
        "%(organiser)s, %(counter)s bureaus, from %(start)s up to and including %(end)s.",
    ),
    "Bron: samenvattingstabellen.": "Source: summary tables.",
    "Laatst bijgewerkt op %(at)s.": "Last updated on %(at)s.",
    "Nog niet bijgewerkt.": "Not updated yet.",
    "Je organisatie heeft nog geen consultatiebureaus in het portaal.": (
        "Your organisation has no consultation bureaus in the portal yet."
    ),
    "Geen gegevens in deze periode.": "No data in this period.",
    "Hoe berekenen we dit?": "How do we compute this?",
    "Download als Excel (.xlsx, %(size)s)": "Download as Excel (.xlsx, %(size)s)",
    "Download als CSV (.csv, %(size)s)": "Download as CSV (.csv, %(size)s)",
    "Download als Excel (.xlsx)": "Download as Excel (.xlsx)",
    "Andere vragen": "Other questions",
    "Filters": "Filters",
    "Kies een organisator en klik op Toon om zijn bureaus te zien.": (
        "Choose an organiser and click Show to see its bureaus."
    ),
    "geen keuze: alle bureaus": "none chosen: all bureaus",
    "Van en tot en met gelden alleen bij ‘Zelf kiezen’ (hoogstens 10 jaar).": (
        "From and up to and including apply only to ‘Choose dates’ (10 years at most)."
    ),
    "Toon": "Show",
}
