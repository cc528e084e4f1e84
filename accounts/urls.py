from django.urls import path

from . import views
from .access_management import views as access
from .authorisations import views as authorisations

app_name = "accounts"

urlpatterns = [
    path("inzage/", views.access_log, name="access_log"),
    path("uitnodiging/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("inzage/export.csv", views.access_log_export, name="access_log_export"),
    path("organisaties/wissel/", views.switch_organisation, name="switch_organisation"),
    path(
        "organisaties/<int:organisation_id>/leden/",
        views.organisation_members,
        name="organisation_members",
    ),
    # Authorised persons of consultation bureaus: the organiser's side.
    path(
        "gemachtigden/<int:organiser_id>/",
        authorisations.authorised_persons,
        name="authorised_persons",
    ),
    path(
        "gemachtigden/<int:organiser_id>/aanvraag/",
        authorisations.authorisation_request_new,
        name="authorisation_request_new",
    ),
    path(
        "gemachtigden/<int:organiser_id>/personen/<int:person_id>/schrappen/",
        authorisations.authorised_person_remove_now,
        name="authorised_person_remove_now",
    ),
    path(
        "gemachtigden/<int:organiser_id>/personen/<int:person_id>/uitnodiging/",
        authorisations.authorised_person_invite_again,
        name="authorised_person_invite_again",
    ),
    path(
        "gemachtigden/personen/<int:person_id>/",
        authorisations.authorised_person_history,
        name="authorised_person_history",
    ),
    path(
        "gemachtigden/aanvragen/<int:request_id>/",
        authorisations.authorisation_request_detail,
        name="authorisation_request_detail",
    ),
    path(
        "gemachtigden/aanvragen/<int:request_id>/aanpassen/",
        authorisations.authorisation_request_edit,
        name="authorisation_request_edit",
    ),
    path(
        "gemachtigden/aanvragen/<int:request_id>/intrekken/",
        authorisations.authorisation_request_withdraw,
        name="authorisation_request_withdraw",
    ),
    # The agency's review.
    path("beoordeling/", authorisations.review_queue, name="review_queue"),
    path("beoordeling/<int:request_id>/", authorisations.review, name="review"),
    path(
        "beoordeling/<int:request_id>/goedkeuren/",
        authorisations.review_approve,
        name="review_approve",
    ),
    path(
        "beoordeling/<int:request_id>/weigeren/",
        authorisations.review_reject,
        name="review_reject",
    ),
    path(
        "beoordeling/<int:request_id>/gezien/",
        authorisations.review_acknowledge,
        name="review_acknowledge",
    ),
    # GP circles and care facilities: e-loket roles and contact persons.
    path("toegangsbeheer/", access.organisations_overview, name="organisations_overview"),
    path("organisaties/<int:organisation_id>/toegangsbeheer/", access.team, name="team"),
    path(
        "organisaties/<int:organisation_id>/toegangsbeheer/<int:membership_id>/verwijderen/",
        access.team_member_remove,
        name="team_member_remove",
    ),
    path(
        "organisaties/<int:organisation_id>/contactpersonen/",
        access.contact_persons,
        name="contact_persons",
    ),
    path(
        "organisaties/<int:organisation_id>/contactpersonen/bevestigen/",
        access.contact_persons_confirm,
        name="contact_persons_confirm",
    ),
    path(
        "organisaties/<int:organisation_id>/contactpersonen/<int:contact_id>/",
        access.contact_person_edit,
        name="contact_person_edit",
    ),
    path(
        "organisaties/<int:organisation_id>/contactpersonen/<int:contact_id>/verwijderen/",
        access.contact_person_remove,
        name="contact_person_remove",
    ),
]
