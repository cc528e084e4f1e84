# ruff: noqa: E501 - a translation table: one Dutch source and its English per entry
"""English translations of the strings of the activity and allocated-hours imports (the lead
copies them into the catalogues). Dutch source -> English; plurals as (one, many)."""

T = {
    # Rules: titles and messages.
    "Leeg bestand": "Empty file",
    "Het bestand bevat geen gegevens. Vul onder de kolomtitels minstens één rij in.": "The file holds no data. Fill in at least one row below the column headers.",
    "Verkeerde kolommen": "Wrong columns",
    "Rij 1 heeft niet de kolomtitels die we verwachten. Ontbrekend: %(missing)s. Dubbel: "
    "%(duplicated)s. Neem de kolomtitels exact over uit de beschrijving van het importbestand.": "Row 1 does not have the column headers we expect. Missing: %(missing)s. Duplicated: "
    "%(duplicated)s. Copy the column headers exactly from the description of the import "
    "file.",
    "Onbekend consultatiebureau": "Unknown consultation bureau",
    "Er is geen consultatiebureau met code “%(value)s”. Gebruik de code van het bureau in "
    "Zorgportaal.": "There is no consultation bureau with code “%(value)s”. Use the bureau's code in "
    "Zorgportaal.",
    "Geen consultatiebureau": "Not a consultation bureau",
    "“%(value)s” is de code van %(name)s, geen consultatiebureau. Gebruik de code van een "
    "consultatiebureau.": "“%(value)s” is the code of %(name)s, not of a consultation bureau. Use the code of a "
    "consultation bureau.",
    "Datum buiten bereik": "Date out of range",
    "%(value)s in %(column)s ligt niet tussen %(low)s en %(high)s. Kijk de datum na.": "%(value)s in %(column)s is not between %(low)s and %(high)s. Check the date.",
    "Ongeldig uur": "Invalid time",
    "“%(value)s” is geen geldig uur in %(column)s. Schrijf het uur als uu:mm, bv. 09:15.": "“%(value)s” is not a valid time in %(column)s. Write the time as hh:mm, e.g. 09:15.",
    "Einde voor begin": "End before start",
    "De zitting eindigt om %(value)s, niet na het begin (%(start)s). Kijk begin en einde na.": "The session ends at %(value)s, not after its start (%(start)s). Check start and end.",
    "Geen geheel getal": "Not a whole number",
    "“%(value)s” kan niet in %(column)s. Vul een geheel getal tussen %(low)s en %(high)s in.": "“%(value)s” is not allowed in %(column)s. Enter a whole number between %(low)s and "
    "%(high)s.",
    "Te veel plaatsen": "Too many places",
    "In deze zitting passen maar %(count)s afspraken van %(minutes)s minuten, geen %(value)s. "
    "Verlaag het aantal plaatsen of kijk begin, einde en minuten per afspraak na.": "Only %(count)s appointments of %(minutes)s minutes fit in this session, not %(value)s. "
    "Lower the number of places or check start, end and minutes per appointment.",
    "Ongeldig e-mailadres": "Invalid e-mail address",
    "“%(value)s” is geen geldig e-mailadres. Schrijf het als naam@voorbeeld.be.": "“%(value)s” is not a valid e-mail address. Write it as name@example.be.",
    "Zitting met andere gegevens": "Session with different details",
    "Zitting %(session)s heeft op rij %(other)s “%(expected)s” in %(column)s, hier "
    "“%(value)s”. Geef elke rij van een zitting dezelfde zittingsgegevens.": "Session %(session)s has “%(expected)s” in %(column)s on row %(other)s, here "
    "“%(value)s”. Give every row of a session the same session details.",
    "Arts of verpleegkundige?": "Doctor or nurse?",
    "%(email)s staat op rij %(other)s als %(expected)s, hier als %(value)s. Eén persoon is "
    "arts of verpleegkundige: kijk de soort zorgverlener na.": "%(email)s is listed as %(expected)s on row %(other)s, here as %(value)s. A person is "
    "either a doctor or a nurse: check the kind of practitioner.",
    "%(email)s heeft in Zorgportaal al zittingen als %(expected)s, hier %(value)s. Kijk de "
    "soort zorgverlener of het e-mailadres na.": "%(email)s already has sessions as %(expected)s in Zorgportaal, here %(value)s. Check "
    "the kind of practitioner or the e-mail address.",
    "Afspraak zonder kind": "Appointment without a child",
    "Deze rij heeft afspraakgegevens maar geen kindreferentie. Vul de kindreferentie in, of "
    "maak de afspraakkolommen leeg voor een zitting zonder afspraken.": "This row has appointment details but no child reference. Fill in the child reference, "
    "or empty the appointment columns for a session without appointments.",
    "Kind met andere gegevens": "Child with different details",
    "Kind %(child)s heeft op rij %(other)s “%(expected)s” in %(column)s, hier “%(value)s”. "
    "Geef een kind op elke rij dezelfde gegevens.": "Child %(child)s has “%(expected)s” in %(column)s on row %(other)s, here “%(value)s”. "
    "Give a child the same details on every row.",
    "Kind anders dan bij vorige import": "Child differs from an earlier import",
    "Kind %(child)s is al ingelezen met “%(expected)s” in %(column)s, hier “%(value)s”. "
    "Kijk de kindreferentie en de gegevens na.": "Child %(child)s was imported before with “%(expected)s” in %(column)s, here "
    "“%(value)s”. Check the child reference and the details.",
    "Geboren na de zitting": "Born after the session",
    "Het kind is geboren op %(value)s, na de zitting van %(session_date)s. Kijk de "
    "geboortedatum na.": "The child was born on %(value)s, after the session of %(session_date)s. Check the "
    "date of birth.",
    "Ongeldig tijdstip": "Invalid date and time",
    "“%(value)s” is geen geldige datum met uur in %(column)s. Schrijf het als dd/mm/jjjj "
    "uu:mm, bv. 03/02/2025 14:30.": "“%(value)s” is not a valid date and time in %(column)s. Write it as dd/mm/yyyy hh:mm, "
    "e.g. 03/02/2025 14:30.",
    "Geboekt na de zitting": "Booked after the session",
    "De afspraak is geboekt op %(value)s, na de zitting van %(session_date)s. Kijk het "
    "boekingstijdstip na.": "The appointment was booked on %(value)s, after the session of %(session_date)s. Check "
    "the booking time.",
    "Geboekt in de toekomst": "Booked in the future",
    "Het boekingstijdstip %(value)s ligt in de toekomst. Kijk het na.": "The booking time %(value)s lies in the future. Check it.",
    "Uitkomst in de toekomst": "Outcome in the future",
    "De zitting van %(session_date)s moet nog komen en kan niet al “%(value)s” zijn. Kies "
    "een status zonder uitkomst, bv. gepland.": "The session of %(session_date)s is still to come and cannot be “%(value)s” yet. "
    "Choose a status without an outcome, e.g. gepland.",
    "Uur buiten de zitting": "Time outside the session",
    "Het uur %(value)s valt buiten de zitting (%(start)s–%(end)s). Kijk het uur of de "
    "zitting na.": "The time %(value)s lies outside the session (%(start)s–%(end)s). Check the time or "
    "the session.",
    "Geen tijdslot": "Not a time slot",
    "Het uur %(value)s is geen tijdslot van de zitting (om de %(minutes)s minuten vanaf "
    "%(start)s, %(count)s plaatsen). Kies een tijdslot, of zet het soort consult op "
    "inschuiver.": "The time %(value)s is not a time slot of the session (every %(minutes)s minutes from "
    "%(start)s, %(count)s places). Choose a time slot, or set the consult kind to "
    "inschuiver.",
    "Tijdslot dubbel bezet": "Time slot taken twice",
    "Het tijdslot %(value)s van zitting %(session)s is al bezet door de afspraak op rij "
    "%(other)s. Geef één van beide een ander uur of zet het soort consult op inschuiver.": "Time slot %(value)s of session %(session)s is already taken by the appointment on row "
    "%(other)s. Give one of them another time or set the consult kind to inschuiver.",
    "Tijdslot al bezet in Zorgportaal": "Time slot already taken in Zorgportaal",
    "Het tijdslot %(value)s van zitting %(session)s is in Zorgportaal al bezet door een "
    "afspraak die niet in dit bestand staat. Kies een ander uur.": "Time slot %(value)s of session %(session)s is already taken in Zorgportaal by an "
    "appointment that is not in this file. Choose another time.",
    "Bestaande afspraken buiten de zitting": "Existing appointments outside the session",
    "Zitting %(value)s heeft in Zorgportaal afspraken die niet in dit bestand staan en "
    "buiten de nieuwe datum of uren vallen. Behoud datum en uren, of neem die afspraken op "
    "in het bestand.": "Session %(value)s has appointments in Zorgportaal that are not in this file and fall "
    "outside its new date or hours. Keep the date and hours, or include those appointments "
    "in the file.",
    "Kind twee keer in een zitting": "Child twice in a session",
    "Kind %(value)s staat twee keer in zitting %(session)s (ook op rij %(other)s). Een kind "
    "heeft één afspraak per zitting.": "Child %(value)s appears twice in session %(session)s (also on row %(other)s). A child "
    "has one appointment per session.",
    "Duoconsult zonder tweede kind": "Duo consult without a second child",
    "Een duoconsult heeft een tweede kind: vul de kindreferentie van de duopartner in.": "A duo consult has a second child: fill in the duo partner's child reference.",
    "Duopartner zonder duoconsult": "Duo partner without a duo consult",
    "Een duopartner hoort alleen bij een duoconsult. Zet het soort consult op duo of maak "
    "deze cel leeg.": "A duo partner belongs only to a duo consult. Set the consult kind to duo or empty "
    "this cell.",
    "Kind is zijn eigen duopartner": "Child is its own duo partner",
    "Kind %(value)s kan niet zijn eigen duopartner zijn. Vul de referentie van het tweede "
    "kind in.": "Child %(value)s cannot be its own duo partner. Fill in the second child's reference.",
    "Onbekende duopartner": "Unknown duo partner",
    "Duopartner %(value)s staat niet als kind in dit bestand en is nog niet ingelezen. Voeg "
    "een rij voor dit kind toe of kijk de referentie na.": "Duo partner %(value)s is not a child in this file and was not imported before. Add a "
    "row for this child or check the reference.",
    "Jaar: formaat": "Year: format",
    "“%(value)s” is geen jaartal. Vul vier cijfers in, bv. 2026.": "“%(value)s” is not a year. Enter four digits, e.g. 2026.",
    "Jaar buiten bereik": "Year out of range",
    "Jaar %(value)s kan niet: kies een jaar tussen %(low)s en %(high)s.": "Year %(value)s is not possible: choose a year between %(low)s and %(high)s.",
    "Geen aantal uren": "Not a number of hours",
    "“%(value)s” is geen aantal uren in %(column)s. Vul een getal in, bv. 1250 of 312,5.": "“%(value)s” is not a number of hours in %(column)s. Enter a number, e.g. 1250 or "
    "312.5.",
    "Uren buiten bereik": "Hours out of range",
    "%(value)s kan niet in %(column)s: vul een aantal uren tussen 0 en %(high)s in.": "%(value)s is not allowed in %(column)s: enter a number of hours between 0 and "
    "%(high)s.",
    "Te veel decimalen": "Too many decimals",
    "%(value)s heeft te veel cijfers na de komma in %(column)s: gebruik er hoogstens twee.": "%(value)s has too many decimals in %(column)s: use two at most.",
    "Bureau twee keer voor een jaar": "Bureau twice for one year",
    "Bureau %(bureau)s staat voor %(value)s al op rij %(other)s. Geef elk bureau één rij per "
    "jaar.": "Bureau %(bureau)s already appears for %(value)s on row %(other)s. Give each bureau one "
    "row per year.",
    # Services and admin.
    "Kies een consultatiebureau.": "Choose a consultation bureau.",
    "code": "code",
    # The commands' output.
    "%(rows)s rijen gelezen, %(errors)s fouten op %(lines)s rijen. Er is niets opgeslagen.": "%(rows)s rows read, %(errors)s errors on %(lines)s rows. Nothing was stored.",
    "Regel %(line)s: %(count)s probleem": (
        "Line %(line)s: %(count)s problem",
        "Line %(line)s: %(count)s problems",
    ),
    "… en nog %(count)s probleem (gebruik --max-problems).": (
        "… and %(count)s more problem (use --max-problems).",
        "… and %(count)s more problems (use --max-problems).",
    ),
    "Proefdraai (--dry-run): er is niets opgeslagen.": "Dry run (--dry-run): nothing was stored.",
    "De dashboardcijfers zijn volledig opnieuw berekend.": "The dashboard figures were recomputed in full.",
    "%(days)s bureaudagen worden bijgewerkt in de dashboards.": "%(days)s bureau-days are being updated in the dashboards.",
    "Ingelezen uit %(source)s: %(rows)s rijen.": "Imported from %(source)s: %(rows)s rows.",
    "Zittingen: %(new)s nieuw, %(changed)s gewijzigd, %(same)s ongewijzigd.": "Sessions: %(new)s new, %(changed)s changed, %(same)s unchanged.",
    "Afspraken: %(new)s nieuw, %(changed)s gewijzigd, %(same)s ongewijzigd.": "Appointments: %(new)s new, %(changed)s changed, %(same)s unchanged.",
    "Kinderen: %(new)s nieuw, %(reused)s al bekend.": "Children: %(new)s new, %(reused)s already known.",
    "Zorgverleners: %(new)s nieuw (inactief, zonder wachtwoord), %(linked)s al bekend.": "Practitioners: %(new)s new (inactive, without a password), %(linked)s already known.",
    "Bureaus: %(bureaus)s; periode %(first)s tot en met %(last)s.": "Bureaus: %(bureaus)s; period %(first)s to %(last)s inclusive.",
    "Geen fouten in %(rows)s rijen. Niets opgeslagen (--dry-run).": "No errors in %(rows)s rows. Nothing stored (--dry-run).",
    "Toegekende uren: %(new)s nieuw, %(changed)s gewijzigd, %(same)s ongewijzigd, voor "
    "%(bureaus)s bureaus (%(years)s).": "Allocated hours: %(new)s new, %(changed)s changed, %(same)s unchanged, for "
    "%(bureaus)s bureaus (%(years)s).",
    # Models.
    "bron": "source",
    "referentie in de bron": "reference in the source",
    "ingelezen op": "imported at",
    "ingelezen zitting": "imported session",
    "ingelezen zittingen": "imported sessions",
    "ingelezen kind": "imported child",
    "ingelezen kinderen": "imported children",
    "zitting": "session",
    "kind": "child",
}
