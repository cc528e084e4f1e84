from django.urls import path

from . import api

app_name = "parent_portal_api"

urlpatterns = [
    path("children/", api.ChildListView.as_view(), name="children"),
    path("children/<int:child_id>/", api.ChildDetailView.as_view(), name="child"),
    path(
        "children/<int:child_id>/measurements/",
        api.MeasurementListView.as_view(),
        name="measurements",
    ),
    path(
        "children/<int:child_id>/questionnaires/",
        api.AssignmentListView.as_view(),
        name="assignments",
    ),
    path("appointments/", api.AppointmentListView.as_view(), name="appointments"),
    path(
        "appointments/<int:appointment_id>/slots/",
        api.AppointmentSlotsView.as_view(),
        name="appointment_slots",
    ),
    path(
        "appointments/<int:appointment_id>/reschedule/",
        api.AppointmentRescheduleView.as_view(),
        name="appointment_reschedule",
    ),
    path(
        "questionnaires/<int:assignment_id>/",
        api.AssignmentDetailView.as_view(),
        name="assignment",
    ),
    path(
        "questionnaires/<int:assignment_id>/answers/",
        api.AnswersView.as_view(),
        name="assignment_answers",
    ),
    path(
        "questionnaires/<int:assignment_id>/submit/",
        api.SubmitView.as_view(),
        name="assignment_submit",
    ),
]
