"""API of authorised persons: read approved authorisations (e.g. an agency system with a token),
list and submit requests. Scoped by accounts.policies like the pages, through the same services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from .. import policies
from ..api import PersonOut
from ..models import AuthorisationLine, AuthorisationRequest, DeclarationText, Membership
from . import rules, selectors, services


class OrganisationOut(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class AuthorisationOut(serializers.Serializer):
    """One authorised person at one consultation bureau."""

    id = serializers.IntegerField(help_text="The membership id.")
    person = PersonOut(source="user")
    function = serializers.CharField(allow_blank=True)
    bureau = OrganisationOut(source="organisation")
    organiser = OrganisationOut(source="organisation.parent")
    valid_from = serializers.DateField()
    valid_until = serializers.DateField(allow_null=True)
    granted_at = serializers.DateTimeField(source="created_at")
    revoked_at = serializers.DateTimeField(allow_null=True)
    active = serializers.BooleanField()


@extend_schema_view(
    get=extend_schema(
        summary="Approved authorisations of authorised persons",
        description=(
            "Who is (or was) authorised at which consultation bureau. The agency sees every "
            "organiser, an organiser their own bureaus. For synchronisation, ask "
            "`changed_since` with the time of the previous call: granted and revoked "
            "authorisations since then, ended ones included."
        ),
        parameters=[
            OpenApiParameter("organiser", int, description="Only this organiser's bureaus."),
            OpenApiParameter("bureau", int, description="Only this consultation bureau."),
            OpenApiParameter(
                "include_ended", bool, description="Also authorisations that have ended."
            ),
            OpenApiParameter(
                "changed_since",
                str,
                description="ISO 8601 date-time: granted or revoked since (implies ended ones).",
            ),
        ],
    )
)
class AuthorisationsView(generics.ListAPIView):
    access_rule = "authorisation_viewer"
    permission_classes = [policies.RulePermission]
    serializer_class = AuthorisationOut

    def get_queryset(self):  # noqa: ANN201
        params = self.request.query_params
        memberships = selectors.authorisations_visible_to(self.request.user)
        if params.get("organiser"):
            memberships = memberships.filter(organisation__parent_id=_integer(params, "organiser"))
        if params.get("bureau"):
            memberships = memberships.filter(organisation_id=_integer(params, "bureau"))
        changed_since = params.get("changed_since")
        if changed_since:
            moment = parse_datetime(changed_since)
            if moment is None or moment.tzinfo is None:
                raise ValidationError(
                    {"changed_since": _("Geef een ISO 8601-tijdstip met tijdzone.")}
                )
            memberships = memberships.filter(created_at__gte=moment) | memberships.filter(
                revoked_at__gte=moment
            )
        elif params.get("include_ended", "").lower() not in ("1", "true", "yes"):
            memberships = memberships.filter(pk__in=Membership.objects.active().values("pk"))
        return memberships.order_by("pk")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        functions = selectors.functions_for(page)
        for membership in page:
            membership.function = functions.get(
                (membership.organisation.parent_id, membership.user_id), ""
            )
            membership.active = membership.is_active_at()
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


def _integer(params: Any, name: str) -> int:
    try:
        return int(params[name])
    except ValueError:
        raise ValidationError({name: _("Geef een getal.")}) from None


# --- Requests ------------------------------------------------------------------------------------


class LineOut(serializers.Serializer):
    action = serializers.CharField()
    person_id = serializers.IntegerField(allow_null=True)
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    email = serializers.EmailField()
    function = serializers.CharField(allow_blank=True)
    bureaus = serializers.SerializerMethodField()

    def get_bureaus(self, line: AuthorisationLine) -> list[int]:
        return [bureau.pk for bureau in line.bureaus.all()]


class RequestOut(serializers.Serializer):
    id = serializers.IntegerField()
    organiser = OrganisationOut()
    kind = serializers.CharField()
    status = serializers.CharField()
    submitted_by = PersonOut()
    submitted_at = serializers.DateTimeField()
    note = serializers.CharField(allow_blank=True)
    declaration_version = serializers.CharField(source="declaration.version", allow_null=True)
    signature_name = serializers.CharField(allow_blank=True)
    signed_at = serializers.DateTimeField(allow_null=True)
    reviewed_at = serializers.DateTimeField(allow_null=True)
    rejection_reason = serializers.CharField(allow_blank=True)
    lines = LineOut(many=True)


class AdditionIn(serializers.Serializer):
    first_name = serializers.CharField(max_length=150)
    last_name = serializers.CharField(max_length=150)
    email = serializers.EmailField()
    function = serializers.CharField(max_length=150)
    bureaus = serializers.ListField(child=serializers.IntegerField(), min_length=1)


class ChangeIn(serializers.Serializer):
    person = serializers.IntegerField()
    bureaus = serializers.ListField(child=serializers.IntegerField(), min_length=1)
    function = serializers.CharField(max_length=150, required=False, allow_blank=True)


class DeclarationIn(serializers.Serializer):
    version = serializers.CharField(help_text="The version of the declaration on honour read.")
    confirmed = serializers.BooleanField()
    signature_name = serializers.CharField(max_length=200, help_text="Your full name.")


class RequestIn(serializers.Serializer):
    organiser = serializers.IntegerField()
    additions = AdditionIn(many=True, required=False, default=list)
    removals = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list, help_text="Person ids."
    )
    changes = ChangeIn(many=True, required=False, default=list)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    declaration = DeclarationIn()
    submission_key = serializers.UUIDField(required=False, allow_null=True, default=None)


@extend_schema_view(
    get=extend_schema(
        summary="Authorisation requests",
        description="The agency sees every request, an organiser their own.",
        parameters=[OpenApiParameter("status", str, enum=list(AuthorisationRequest.Status))],
        responses=RequestOut(many=True),
    ),
    post=extend_schema(
        summary="Submit a request (organisers)",
        description=(
            "Additions, removals and changes for the organiser's own bureaus, signed with the "
            "current declaration on honour. Bureaus or persons of another organiser are refused "
            "(400); a repeated `submission_key` returns the earlier request (200)."
        ),
        request=RequestIn,
        responses={201: RequestOut, 200: RequestOut},
    ),
)
class AuthorisationRequestsView(generics.ListCreateAPIView):
    access_rule = "authorisation_viewer"
    permission_classes = [policies.RulePermission]
    serializer_class = RequestOut

    def get_queryset(self):  # noqa: ANN201
        requests = selectors.requests_for_api(self.request.user)
        wanted = self.request.query_params.get("status")
        return requests.filter(status=wanted) if wanted else requests

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        payload = RequestIn(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        if data["submission_key"]:
            earlier = selectors.request_for_submission_key(request.user, data["submission_key"])
            if earlier is not None:  # the same submission again: answer with the first one
                earlier = selectors.requests_for_api(request.user).get(pk=earlier.pk)
                return Response(RequestOut(earlier).data, status=status.HTTP_200_OK)
        organiser = get_object_or_404(
            policies.organisers_run_by(request.user), pk=data["organiser"]
        )
        declaration = data["declaration"]
        current = DeclarationText.objects.current()
        if current is None or declaration["version"] != current.version:
            raise ValidationError(
                {
                    "declaration": _("Onderteken de huidige versie %(version)s van de verklaring.")
                    % {"version": current.version if current else "—"}
                }
            )
        if not declaration["confirmed"]:
            raise ValidationError(
                {
                    "declaration": _(
                        "Zonder bevestiging van de verklaring op erewoord kan het "
                        "agentschap je aanvraag niet behandelen."
                    )
                }
            )
        lines = _lines(organiser, data)
        problems = rules.check_lines(organiser=organiser, lines=lines)
        if problems:
            raise ValidationError({"lines": [problem.message for problem in problems]})
        try:
            auth_request = services.authorisation_request_submit(
                actor=request.user,
                organiser=organiser,
                lines=lines,
                signature=services.Signature(
                    declaration=current, name=declaration["signature_name"]
                ),
                note=data["note"],
                submission_key=data["submission_key"],
                request=request._request,
            )
        except services.DuplicateSubmission as duplicate:
            earlier = selectors.requests_for_api(request.user).get(pk=duplicate.auth_request.pk)
            return Response(RequestOut(earlier).data, status=status.HTTP_200_OK)
        except DjangoValidationError as error:
            raise ValidationError({"lines": error.messages}) from None
        created = selectors.requests_for_api(request.user).get(pk=auth_request.pk)
        return Response(RequestOut(created).data, status=status.HTTP_201_CREATED)


def _lines(organiser: Any, data: dict[str, Any]) -> rules.Lines:
    """Turn ids into objects of this organiser only: anything else is a 400, never a lookup
    in another organisation."""
    bureaus = {b.pk: b for b in policies.bureaus_of(organiser)}
    persons = {p.pk: p for p in selectors.current_persons(organiser)}
    errors: list[str] = []

    def own_bureaus(ids: list[int]) -> tuple:
        foreign = [pk for pk in ids if pk not in bureaus]
        if foreign:
            errors.append(
                _("Bureau %(ids)s is geen consultatiebureau van deze organisator.")
                % {"ids": ", ".join(map(str, foreign))}
            )
        return tuple(bureaus[pk] for pk in ids if pk in bureaus)

    def current_person(pk: int) -> Any:
        if pk not in persons:
            errors.append(
                _("Persoon %(id)s is nu niet gemachtigd bij deze organisator.") % {"id": pk}
            )
        return persons.get(pk)

    additions = [
        rules.Addition(
            a["first_name"], a["last_name"], a["email"], a["function"], own_bureaus(a["bureaus"])
        )
        for a in data["additions"]
    ]
    removals = [rules.Removal(p) for p in map(current_person, data["removals"]) if p]
    changes = []
    for change in data["changes"]:
        person = current_person(change["person"])
        if person:
            changes.append(
                rules.Change(person, own_bureaus(change["bureaus"]), change.get("function", ""))
            )
    if errors:
        raise ValidationError({"lines": errors})
    return rules.Lines(additions, removals, changes)


@extend_schema(summary="One authorisation request", responses=RequestOut)
class AuthorisationRequestView(generics.RetrieveAPIView):
    access_rule = "authorisation_viewer"
    permission_classes = [policies.RulePermission]
    serializer_class = RequestOut
    lookup_url_kwarg = "request_id"

    def get_queryset(self):  # noqa: ANN201
        return selectors.requests_for_api(self.request.user)
