from __future__ import annotations

from datetime import date

from django.urls import path, register_converter

from .views import day, fulltime, reports, studies


class IsoDateConverter:
    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> date:
        return date.fromisoformat(value)

    def to_url(self, value: date | str) -> str:
        return value if isinstance(value, str) else value.isoformat()


register_converter(IsoDateConverter, "isodate")

app_name = "registration"

FACILITY = "studies/<int:study_id>/voorzieningen/<int:facility_id>/"

urlpatterns = [
    path("", studies.index, name="index"),
    # The care provider's daily page.
    path("dag/", day.day_today, name="day_today"),
    path("dag/<isodate:day>/", day.day_view, name="day"),
    path("dag/<isodate:day>/toevoegen/", day.entry_add, name="entry_add"),
    path("dag/<isodate:day>/kopieer/", day.day_copy, name="day_copy"),
    path("dag/<isodate:day>/geen-werkdag/", day.day_off, name="day_off"),
    path("registratie/<int:pk>/wijzigen/", day.entry_edit, name="entry_edit"),
    path("registratie/<int:pk>/verwijderen/", day.entry_delete, name="entry_delete"),
    path("herinneringen/", day.nudges, name="nudges"),
    # Studies (agency) and participation (facility directors).
    path("studies/", studies.studies, name="studies"),
    path("studies/nieuw/", studies.study_create, name="study_create"),
    path("studies/<int:study_id>/", studies.study_detail, name="study_detail"),
    path("studies/<int:study_id>/wijzigen/", studies.study_edit, name="study_edit"),
    path(FACILITY + "overeenkomst/", studies.agreement, name="agreement"),
    path(FACILITY + "zorgverleners/", studies.providers, name="providers"),
    path(FACILITY + "zorgverleners/nieuw/", studies.provider_create, name="provider_create"),
    path(FACILITY + "zorgverleners/<int:pk>/", studies.provider_edit, name="provider_edit"),
    path(
        FACILITY + "zorgverleners/<int:pk>/uitnodigen/",
        studies.provider_invite,
        name="provider_invite",
    ),
    path(
        FACILITY + "zorgverleners/<int:pk>/verwijderen/",
        studies.provider_delete,
        name="provider_delete",
    ),
    path(FACILITY + "volledigheid/", studies.completeness, name="completeness"),
    path(FACILITY + "voltijds/", fulltime.full_time_upload, name="full_time_upload"),
    path(
        FACILITY + "voltijds/sjabloon.xlsx", fulltime.full_time_template, name="full_time_template"
    ),
    # Analyses: stored results only.
    path("studies/<int:study_id>/analyse/", reports.analysis_run, name="analysis_run"),
    path("studies/<int:study_id>/analyse/status/", reports.analysis_status, name="analysis_status"),
    path(FACILITY + "rapport/", reports.facility_report, name="facility_report"),
    path(FACILITY + "rapport.xlsx", reports.facility_report_xlsx, name="facility_report_xlsx"),
    path("studies/<int:study_id>/sector/", reports.sector_report, name="sector_report"),
    path(
        "studies/<int:study_id>/sector.xlsx", reports.sector_report_xlsx, name="sector_report_xlsx"
    ),
    path("studies/<int:study_id>/sensitiviteit/", reports.sensitivity_view, name="sensitivity"),
    path(
        "studies/<int:study_id>/onderzoeksexport.csv",
        reports.research_export,
        name="research_export",
    ),
]
