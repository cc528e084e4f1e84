from django.urls import path

from .api import OrganisationMembershipsView
from .authorisations.api import (
    AuthorisationRequestsView,
    AuthorisationRequestView,
    AuthorisationsView,
)

app_name = "accounts_api"

urlpatterns = [
    path(
        "organisations/<int:organisation_id>/memberships/",
        OrganisationMembershipsView.as_view(),
        name="organisation_memberships",
    ),
    path("authorisations/", AuthorisationsView.as_view(), name="authorisations"),
    path(
        "authorisation-requests/",
        AuthorisationRequestsView.as_view(),
        name="authorisation_requests",
    ),
    path(
        "authorisation-requests/<int:request_id>/",
        AuthorisationRequestView.as_view(),
        name="authorisation_request",
    ),
]
