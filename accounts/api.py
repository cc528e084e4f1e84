from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from . import policies, selectors
from .models import Membership


class MembershipOut(serializers.Serializer):
    organisation_id = serializers.IntegerField()
    organisation = serializers.CharField(source="organisation.name")
    organisation_kind = serializers.CharField(source="organisation.kind")
    role = serializers.CharField()
    valid_from = serializers.DateField()
    valid_until = serializers.DateField(allow_null=True)


class MeOut(serializers.Serializer):
    email = serializers.EmailField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    memberships = MembershipOut(many=True)


class MeView(APIView):
    """The logged-in user and their active memberships."""

    access_rule = policies.AUTHENTICATED
    permission_classes = [policies.RulePermission]

    @extend_schema(responses=MeOut)
    def get(self, request: Request) -> Response:
        user = request.user
        data = {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "memberships": policies.active_memberships(user),
        }
        return Response(MeOut(data).data)


class PersonOut(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()


class OrganisationMembershipOut(serializers.Serializer):
    id = serializers.IntegerField()
    person = PersonOut(source="user")
    role = serializers.CharField()
    valid_from = serializers.DateField()
    valid_until = serializers.DateField(allow_null=True)
    revoked_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()


@extend_schema_view(
    get=extend_schema(
        summary="Memberships of an organisation",
        description=(
            "Who holds which role at the organisation. Managers of the organisation (and the "
            "agency) only; another organisation answers 404."
        ),
        parameters=[
            OpenApiParameter(
                "status",
                str,
                enum=["active", "all"],
                description="`active` (default): only memberships that grant access now.",
            )
        ],
    )
)
class OrganisationMembershipsView(generics.ListAPIView):
    access_rule = "organisation_manager"
    permission_classes = [policies.RulePermission]
    serializer_class = OrganisationMembershipOut

    def get_queryset(self):  # noqa: ANN201
        organisation = selectors.organisation_get_for_manager(
            self.request.user, self.kwargs["organisation_id"]
        )
        memberships = selectors.organisation_members(organisation)
        if self.request.query_params.get("status", "active") != "all":
            memberships = memberships.filter(pk__in=Membership.objects.active().values("pk"))
        return memberships
