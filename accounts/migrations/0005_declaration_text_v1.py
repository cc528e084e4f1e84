"""The first version of the declaration on honour, as the agency's paper form asked it."""

from django.db import migrations
from django.utils import timezone

VERSION = "2026-1"

TEXT_NL = """Ik verklaar op erewoord, als organisator van de consultatiebureaus in deze aanvraag, dat:
1. de personen die ik aanstel als gemachtigde persoon de dashboards nodig hebben voor hun werk bij de consultatiebureaus die ik bij hen aanduid;
2. zij de gegevens uit de dashboards vertrouwelijk behandelen en alleen voor dat werk gebruiken;
3. ik het agentschap onmiddellijk laat weten wanneer een gemachtigde persoon mijn organisatie verlaat of de dashboards niet meer moet raadplegen, zodat die persoon meteen geschrapt wordt;
4. ik weet dat het agentschap in logbestanden bijhoudt wie de toepassingen gebruikt, en dat die logbestanden minstens 10 jaar bewaard worden;
5. de gegevens in deze aanvraag volledig en juist zijn."""

TEXT_EN = """I declare on my honour, as the organiser of the consultation bureaus in this request, that:
1. the persons I appoint as authorised persons need the dashboards for their work at the consultation bureaus I assign to them;
2. they keep the data in the dashboards confidential and use it only for that work;
3. I will tell the agency at once when an authorised person leaves my organisation or no longer needs the dashboards, so that this person is struck off immediately;
4. I know that the agency keeps log files of who uses the applications, and that these log files are kept for at least 10 years;
5. the information in this request is complete and correct."""


def create(apps, schema_editor):
    DeclarationText = apps.get_model("accounts", "DeclarationText")
    DeclarationText.objects.get_or_create(
        version=VERSION,
        defaults={"text_nl": TEXT_NL, "text_en": TEXT_EN, "published_at": timezone.now()},
    )


def remove(apps, schema_editor):
    DeclarationText = apps.get_model("accounts", "DeclarationText")
    DeclarationText.objects.filter(version=VERSION, requests__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_authorisations")]

    operations = [migrations.RunPython(create, remove)]
