from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from . import policies


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
