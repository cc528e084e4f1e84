from django.urls import path

from . import staff_views, views

app_name = "parent_portal"

urlpatterns = [
    # Parents
    path("", views.children, name="children"),
    path("herinneringen/", views.reminders, name="reminders"),
    path("advies/", views.advice_index, name="advice_index"),
    path("advies/<slug:slug>/", views.advice, name="advice"),
    path("kind/<int:child_id>/", views.child, name="child"),
    path("kind/<int:child_id>/afspraken/", views.appointments, name="appointments"),
    path(
        "kind/<int:child_id>/afspraken/maken/<str:moment_code>/",
        views.appointment_book,
        name="appointment_book",
    ),
    path("kind/<int:child_id>/groei/", views.growth, name="growth"),
    path("kind/<int:child_id>/ontwikkeling/", views.milestones, name="milestones"),
    path("kind/<int:child_id>/gegevens/", views.details, name="details"),
    path(
        "kind/<int:child_id>/vragenlijst/<int:assignment_id>/",
        views.questionnaire,
        name="questionnaire",
    ),
    path(
        "kind/<int:child_id>/vragenlijst/<int:assignment_id>/deel/<int:number>/",
        views.questionnaire_section,
        name="questionnaire_section",
    ),
    path(
        "kind/<int:child_id>/vragenlijst/<int:assignment_id>/controleren/",
        views.questionnaire_review,
        name="questionnaire_review",
    ),
    path(
        "kind/<int:child_id>/vragenlijst/<int:assignment_id>/ingediend/",
        views.questionnaire_submitted,
        name="questionnaire_submitted",
    ),
    path(
        "afspraak/<int:appointment_id>/verzetten/", views.appointment_move, name="appointment_move"
    ),
    path("afspraak/<int:appointment_id>/agenda.ics", views.appointment_ics, name="appointment_ics"),
    # Staff
    path("medewerker/", staff_views.staff_home, name="staff_home"),
    path("medewerker/kind/nieuw/", staff_views.child_create, name="staff_child_create"),
    path("medewerker/kind/<int:child_id>/", staff_views.staff_child, name="staff_child"),
    path(
        "medewerker/kind/<int:child_id>/ouder-uitnodigen/",
        staff_views.invite_parent,
        name="staff_invite_parent",
    ),
    path(
        "medewerker/kind/<int:child_id>/meting/",
        staff_views.measurement_add,
        name="staff_measurement",
    ),
    path(
        "medewerker/kind/<int:child_id>/ontwikkeling/",
        staff_views.milestones_add,
        name="staff_milestones",
    ),
    path(
        "medewerker/kind/<int:child_id>/vragenlijst/",
        staff_views.questionnaire_assign,
        name="staff_questionnaire_assign",
    ),
    path(
        "medewerker/kind/<int:child_id>/wijzigingen-gezien/",
        staff_views.change_seen,
        name="staff_changes_seen",
    ),
    path(
        "medewerker/vragenlijst/<int:assignment_id>/",
        staff_views.staff_questionnaire,
        name="staff_questionnaire",
    ),
    path("medewerker/bureau/<int:bureau_id>/week/", staff_views.week, name="week"),
    path(
        "medewerker/bureau/<int:bureau_id>/zitting/nieuw/",
        staff_views.session_create,
        name="session_create",
    ),
    path("medewerker/zitting/<int:session_id>/", staff_views.session, name="session"),
    path(
        "medewerker/afspraak/<int:appointment_id>/",
        staff_views.staff_appointment,
        name="staff_appointment",
    ),
    path(
        "medewerker/afspraak/<int:appointment_id>/telefonisch-verzet/",
        staff_views.postpone_by_phone,
        name="staff_postpone",
    ),
]
