"""API: create personal invitations (the same rules as the upload)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from dienstverlening.core.api import problem_responses
from dienstverlening.core.api_clients import ApiAccess, ApiClientAuthentication
from dienstverlening.core.models import ApiScope
from dienstverlening.organisation.selectors import OrganisationLookup
from dienstverlening.surveys.invitations import contact_check, invitations_create
from dienstverlening.surveys.models import SurveyRun


class ContactSerializer(serializers.Serializer):
    email = serializers.EmailField()
    dienst = serializers.CharField(help_text="Naam of korte naam van de dienst.")
    kanaal = serializers.CharField()
    gemeente = serializers.CharField()
    uitkomst = serializers.CharField(required=False, allow_blank=True, default="")
    datum = serializers.CharField(help_text="dd-mm-jjjj of jjjj-mm-dd")


class InvitationRequestSerializer(serializers.Serializer):
    meting = serializers.IntegerField(help_text="Id van de meting.")
    contacten = ContactSerializer(many=True)


class InvitationResultSerializer(serializers.Serializer):
    aangemaakt = serializers.IntegerField()
    overgeslagen = serializers.IntegerField()


class InvitationCreateView(APIView):
    """For API clients with the scope "uitnodigingen" (employees upload a list on the site)."""

    authentication_classes = [ApiClientAuthentication]
    permission_classes = [ApiAccess]
    required_scope = ApiScope.INVITATIONS

    @extend_schema(
        request=InvitationRequestSerializer,
        responses={
            201: InvitationResultSerializer,
            **problem_responses(400, 401, 403, 404, 429),
        },
        summary="Uitnodigingen aanmaken",
        description=(
            "Maakt persoonlijke uitnodigingen voor recente contacten. Wie in de afgelopen "
            "maanden al is uitgenodigd, wordt overgeslagen. Alles of niets."
        ),
    )
    def post(self, request):
        payload = InvitationRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        run = get_object_or_404(SurveyRun, pk=payload.validated_data["meting"])
        lookup = OrganisationLookup()
        contacts, problems = [], {}
        for index, item in enumerate(payload.validated_data["contacten"]):
            contact, errors = contact_check(
                {
                    "email": item["email"],
                    "service": item["dienst"],
                    "channel": item["kanaal"],
                    "municipality": item["gemeente"],
                    "outcome": item["uitkomst"],
                    "date": item["datum"],
                },
                lookup,
            )
            if errors:
                problems[f"contacten[{index}]"] = ["; ".join(errors)]
            else:
                contacts.append(contact)
        if problems:
            raise serializers.ValidationError(problems)
        try:
            created, skipped = invitations_create(run=run, contacts=contacts)
        except DjangoValidationError as error:
            raise serializers.ValidationError({"meting": error.messages}) from error
        return Response(
            {"aangemaakt": created, "overgeslagen": skipped}, status=status.HTTP_201_CREATED
        )
