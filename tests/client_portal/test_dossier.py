"""The dossier: about me, consents (versioned, audited, decided by the right person), reports and
documents with approvals, client uploads checked by content and size, insurance, medication."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from accounts.models import AuditEvent
from client_portal import services
from client_portal.models import Approval, ConsentRecord, Document, Insurance
from parent_portal.models import ChildDetailsChange
from tests.client_portal.conftest import client_for
from tests.client_portal.factories import pdf_upload, share_report

pytestmark = pytest.mark.django_db


def url(name, trajectory, *args) -> str:  # noqa: ANN001
    return reverse(f"client_portal:{name}", args=[str(trajectory.client_id), *args])


def test_the_client_sets_consents_and_every_change_is_a_new_audited_version(world):
    youth = client_for(world.youth)
    consents = url("consents", world.jana)
    prefix = f"t{world.jana.pk}-"
    youth.post(consents, {f"{prefix}inform_gp": "yes", f"{prefix}research": "no"})
    youth.post(consents, {f"{prefix}inform_gp": "no", f"{prefix}research": "no"})

    gp = ConsentRecord.objects.filter(trajectory=world.jana, topic="inform_gp").order_by("version")
    assert [(r.version, r.given) for r in gp] == [(1, True), (2, False)]
    assert ConsentRecord.objects.filter(trajectory=world.jana, topic="research").count() == 1
    assert AuditEvent.objects.filter(action="consent.change", actor=world.youth).count() == 3
    page = youth.get(consents)
    assert "Versie 2" in page.text
    # The practitioner sees the current state.
    staff = client_for(world.lies).get(
        reverse("client_portal:staff_trajectory", args=[world.jana.pk])
    )
    assert "v2" in staff.text


def test_a_parent_decides_under_twelve_but_only_reads_from_twelve(world):
    parent = client_for(world.parent)
    prefix = f"t{world.daan.pk}-"
    parent.post(url("consents", world.daan), {f"{prefix}consult_school": "yes"})
    assert ConsentRecord.objects.filter(trajectory=world.daan, topic="consult_school").exists()

    services.parent_access_record(actor=world.lies, trajectory=world.jana, given=True)
    youth_parent = client_for(world.youth_parent)
    page = youth_parent.get(url("consents", world.jana))
    assert "beslist de cliënt zelf" in page.text
    youth_parent.post(url("consents", world.jana), {f"t{world.jana.pk}-research": "yes"})
    assert not ConsentRecord.objects.filter(trajectory=world.jana, topic="research").exists()
    with pytest.raises(Exception, match="cliënt"):
        services.consents_save(
            actor=world.youth_parent, trajectory=world.jana, choices={"research": True}
        )


def test_a_participant_downloads_a_report_and_agrees(world):
    report = share_report(world.daan)
    parent = client_for(world.parent)
    listing = parent.get(url("reports", world.daan))
    assert "Intakeverslag" in listing.text
    assert "akkoord geven" in listing.text
    download = parent.get(url("document_download", world.daan, report.pk))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")

    missing_tick = parent.post(url("document", world.daan, report.pk), {})
    assert "Vink aan" in missing_tick.text
    parent.post(url("document", world.daan, report.pk), {"agree": "on"})
    approval = Approval.objects.get(document=report, user=world.parent)
    assert approval.document_sha256 == report.sha256
    staff = client_for(world.lies).get(
        reverse("client_portal:staff_trajectory", args=[world.daan.pk])
    )
    assert str(world.parent) in staff.text
    assert AuditEvent.objects.filter(action="client_document.approve").exists()
    assert AuditEvent.objects.filter(action="client_document.download").exists()


def test_another_clients_document_is_not_found(world):
    report = share_report(world.elsewhere)
    parent = client_for(world.parent)
    response = parent.get(url("document_download", world.daan, report.pk))
    assert response.status_code == 404


def test_a_client_uploads_a_pdf_that_only_they_and_the_practitioners_see(world):
    parent = client_for(world.parent)
    response = parent.post(
        url("upload", world.daan),
        {"trajectory": world.daan.pk, "title": "Verslag van school", "file": pdf_upload("x.exe")},
    )
    assert response.status_code == 302
    document = Document.objects.get(title="Verslag van school")
    assert not document.by_practitioner
    assert document.content_kind == "pdf"
    assert document.original_name == "x.pdf"  # the extension follows the content
    assert "x.exe" not in document.file.name
    # Another participant of the same client does not see it; the practitioner does.
    services.participant_add(
        actor=world.lies,
        trajectory=world.daan,
        relation="parent",
        email=world.youth_parent.email,
        first_name="Jan",
        last_name="Ouder",
    )
    other = client_for(world.youth_parent).get(url("documents", world.daan))
    assert "Verslag van school" not in other.text
    staff = client_for(world.lies).get(
        reverse("client_portal:staff_document_download", args=[document.pk])
    )
    assert staff.status_code == 200


def test_uploads_are_checked_by_content_and_size(world):
    parent = client_for(world.parent)
    disguised = SimpleUploadedFile("foto.pdf", b"MZ\x90\x00\x03" + bytes(200), "application/pdf")
    response = parent.post(
        url("upload", world.daan),
        {"trajectory": world.daan.pk, "title": "Foto", "file": disguised},
    )
    assert response.status_code == 200
    assert "Dit soort bestand kan niet" in response.text
    with override_settings(CLIENT_PORTAL_MAX_UPLOAD_MB=1):
        big = SimpleUploadedFile("groot.pdf", b"%PDF-1.4\n" + bytes(1024 * 1024 + 10))
        response = parent.post(
            url("upload", world.daan), {"trajectory": world.daan.pk, "title": "Groot", "file": big}
        )
    assert "groter dan 1 MB" in response.text
    empty = SimpleUploadedFile("leeg.pdf", b"")
    response = parent.post(
        url("upload", world.daan), {"trajectory": world.daan.pk, "title": "Leeg", "file": empty}
    )
    assert response.status_code == 200
    assert not Document.objects.filter(by_practitioner=False).exists()


def test_a_word_file_with_macros_is_refused(world):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/vbaProject.bin", b"macro")
    upload = SimpleUploadedFile("brief.docx", buffer.getvalue())
    response = client_for(world.parent).post(
        url("upload", world.daan), {"trajectory": world.daan.pk, "title": "Brief", "file": upload}
    )
    assert response.status_code == 200
    assert not Document.objects.filter(title="Brief").exists()


def test_about_me_changes_are_kept_for_the_practitioner(world):
    youth = client_for(world.youth)
    response = youth.post(
        url("about", world.jana),
        {
            "phone": "0470 12 34 56",
            "email": "",
            "daycare_or_school": "Atheneum",
            "general_practitioner": "",
        },
    )
    assert response.status_code == 302
    change = ChildDetailsChange.objects.get(child=world.jana.client)
    assert change.changes["phone"] == ["", "0470 12 34 56"]
    staff = client_for(world.lies).get(
        reverse("client_portal:staff_trajectory", args=[world.jana.pk])
    )
    assert "Gewijzigde contactgegevens" in staff.text


def test_insurance_is_saved_and_medication_is_read_only(world):
    parent = client_for(world.parent)
    response = parent.post(url("insurance", world.daan), {"insurer": "Helan", "member_number": "1"})
    assert response.status_code == 302
    assert Insurance.objects.get(trajectory=world.daan).insurer == "Helan"
    refused = parent.post(url("insurance", world.daan), {"insurer": ""})
    assert "Vul je ziekenfonds" in refused.text

    from django.utils import timezone

    services.medication_add(
        actor=world.lies,
        trajectory=world.daan,
        name="Methylfenidaat",
        dose="10 mg",
        instructions="'s ochtends",
        prescribed_by=world.lies,
        start_date=timezone.localdate(),
    )
    page = parent.get(url("medication", world.daan))
    assert "Methylfenidaat" in page.text
    assert "<form" not in page.text.split("Medicatie</h1>")[1].split("</main>")[0]


def test_the_parents_own_portal_gathers_reports_of_every_child(world):
    share_report(world.daan, title="Verslag Daan")
    page = client_for(world.parent).get(reverse("client_portal:reports", args=["eigen"]))
    assert "Verslag Daan" in page.text
    consents = client_for(world.parent).get(reverse("client_portal:consents", args=["eigen"]))
    assert consents.status_code == 302  # one child: straight to the child's portal
