from django.urls import path, register_converter

from . import staff_views, views


class PortalKeyConverter:
    """A portal: "eigen" (your own) or a client's number."""

    regex = "eigen|[0-9]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: object) -> str:
        return str(value)


register_converter(PortalKeyConverter, "portal")

app_name = "client_portal"

urlpatterns = [
    # Clients and parents
    path("", views.index, name="index"),
    path("portaal-wisselen/", views.switch, name="switch"),
    path("afgesloten/", views.closed, name="closed"),
    path("afgesloten/documenten.zip", views.closed_export, name="closed_export"),
    path("bericht/<uuid:thread_id>/", views.thread_open, name="thread_open"),
    path("<portal:portal>/", views.home, name="home"),
    path("<portal:portal>/dossier/", views.dossier, name="dossier"),
    path("<portal:portal>/dossier/over-mij/", views.about, name="about"),
    path("<portal:portal>/dossier/toestemming/", views.consents, name="consents"),
    path("<portal:portal>/dossier/verzekering/", views.insurance, name="insurance"),
    path("<portal:portal>/dossier/medicatie/", views.medication, name="medication"),
    path("<portal:portal>/verslagen/", views.reports, name="reports"),
    path("<portal:portal>/documenten/", views.documents, name="documents"),
    path("<portal:portal>/documenten/uploaden/", views.upload, name="upload"),
    path("<portal:portal>/document/<int:document_id>/", views.document_detail, name="document"),
    path(
        "<portal:portal>/document/<int:document_id>/download/",
        views.document_download,
        name="document_download",
    ),
    path("<portal:portal>/afspraken/", views.appointments, name="appointments"),
    path("<portal:portal>/berichten/", views.message_list, name="messages"),
    path("<portal:portal>/berichten/nieuw/", views.message_new, name="message_new"),
    path("<portal:portal>/berichten/<uuid:thread_id>/", views.thread, name="thread"),
    path("<portal:portal>/bijlage/<int:attachment_id>/", views.attachment, name="attachment"),
    path("<portal:portal>/dagboek/", views.diary, name="diary"),
    path("<portal:portal>/dagboek/<int:note_id>/aanpassen/", views.diary_edit, name="diary_edit"),
    path(
        "<portal:portal>/dagboek/<int:note_id>/verwijderen/",
        views.diary_delete,
        name="diary_delete",
    ),
    path("<portal:portal>/aan-de-slag/", views.get_started, name="get_started"),
    path("<portal:portal>/aan-de-slag/ondertekenen/<int:document_id>/", views.sign, name="sign"),
    # Practitioners
    path("behandelaar/", staff_views.workspace, name="staff_workspace"),
    path("behandelaar/traject/nieuw/", staff_views.trajectory_new, name="staff_trajectory_new"),
    path(
        "behandelaar/traject/<int:trajectory_id>/",
        staff_views.trajectory_detail,
        name="staff_trajectory",
    ),
    path(
        "behandelaar/traject/<int:trajectory_id>/behandelaars/",
        staff_views.practitioners,
        name="staff_practitioners",
    ),
    path(
        "behandelaar/traject/<int:trajectory_id>/deelnemer/",
        staff_views.participant_add,
        name="staff_participant_add",
    ),
    path(
        "behandelaar/deelnemer/<int:participant_id>/activeren/",
        staff_views.participant_activation,
        name="staff_participant_activation",
    ),
    path(
        "behandelaar/traject/<int:trajectory_id>/document/",
        staff_views.document_new,
        name="staff_document_new",
    ),
    path(
        "behandelaar/document/<int:document_id>/download/",
        staff_views.document_download,
        name="staff_document_download",
    ),
    path(
        "behandelaar/traject/<int:trajectory_id>/toestemming-ouders/",
        staff_views.parent_access,
        name="staff_parent_access",
    ),
    path(
        "behandelaar/traject/<int:trajectory_id>/afspraak/",
        staff_views.appointment_new,
        name="staff_appointment_new",
    ),
    path(
        "behandelaar/afspraak/<int:appointment_id>/annuleren/",
        staff_views.appointment_cancel,
        name="staff_appointment_cancel",
    ),
    path(
        "behandelaar/traject/<int:trajectory_id>/medicatie/",
        staff_views.medication_new,
        name="staff_medication_new",
    ),
    path(
        "behandelaar/medicatie/<int:medication_id>/stoppen/",
        staff_views.medication_stop,
        name="staff_medication_stop",
    ),
    path(
        "behandelaar/traject/<int:trajectory_id>/bericht/",
        staff_views.message_new,
        name="staff_message_new",
    ),
    path(
        "behandelaar/traject/<int:trajectory_id>/starten/",
        staff_views.trajectory_start,
        name="staff_trajectory_start",
    ),
    path(
        "behandelaar/traject/<int:trajectory_id>/beeindigen/",
        staff_views.trajectory_end,
        name="staff_trajectory_end",
    ),
]
