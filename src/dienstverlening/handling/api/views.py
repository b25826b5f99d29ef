"""Create, update and close items through the API. POST is an upsert on (bron, kenmerk)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.exceptions import ErrorDetail
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from dienstverlening.core.api import problem_responses

from ..access import can_push_items
from ..models import HandlingItem, ItemStatus
from ..services import ItemInput, item_resume, item_suspend, item_upsert
from .serializers import TASK_KINDS, InterneTaakSerializer, ZaakSerializer

REFS = ("gemeente", "team", "dienst", "kanaal")


class CanPushItems(permissions.BasePermission):
    message = _("U mag geen afhandelgegevens aanleveren.")

    def has_permission(self, request, view) -> bool:
        return can_push_items(request.user)


def _validation_error(
    error: DjangoValidationError, names: dict[str, str]
) -> serializers.ValidationError:
    """A refusal from the services, with the API's field names instead of the model's."""
    if hasattr(error, "error_dict"):
        detail: dict[str, list[ErrorDetail]] = {}
        for field, errors in error.error_dict.items():
            for one in errors:
                for message in one.messages:
                    detail.setdefault(names.get(field, field), []).append(
                        ErrorDetail(message, one.code or "invalid")
                    )
        return serializers.ValidationError(detail)
    return serializers.ValidationError(
        {"nonFieldErrors": [ErrorDetail(m, error.code or "invalid") for m in error.messages]}
    )


class ItemEndpoint(GenericAPIView):
    permission_classes = [permissions.IsAuthenticated, CanPushItems]
    serializer_class = InterneTaakSerializer
    id_field = "nummer"
    kinds: list[str] = list(TASK_KINDS)
    # Model field → API field, for refusals from the services.
    field_names = {"received_at": "toegewezenOp", "closed_at": "afgehandeldOp"}

    def get_queryset(self):
        return HandlingItem.objects.filter(kind__in=self.kinds).select_related(
            "municipality", "team", "service", "channel"
        )

    def _item(self, uuid) -> HandlingItem:
        item = self.get_queryset().filter(uuid=uuid).first()
        if item is None:
            raise exceptions.NotFound(
                _("Er is hier geen item met uuid %(uuid)s.") % {"uuid": uuid}, code="not_found"
            )
        return item

    def _respond(self, item: HandlingItem, code: int) -> Response:
        data = self.serializer_class.from_item(item)
        return Response(self.serializer_class(data).data, status=code)

    def _save(self, serializer, instance: HandlingItem | None = None) -> tuple[HandlingItem, bool]:
        attrs = serializer.validated_data
        fields = serializer.to_item(attrs)
        service = attrs.get("dienst")
        team = attrs.get("team") or (service.team if service else instance.team)
        channel = attrs.get("kanaal")
        data = ItemInput(
            source=attrs["bron"],
            municipality_id=attrs["gemeente"].pk,
            team_id=team.pk,
            service_id=service.pk if service else None,
            channel_id=channel.pk if channel else None,
            **fields,
        )
        try:
            with transaction.atomic():
                item, created = item_upsert(data=data)
                suspension = attrs.get("opschorting")
                today = timezone.localdate()
                if suspension is not None:
                    if suspension["indicatie"] and item.status == ItemStatus.OPEN:
                        item_suspend(item=item, starts_on=today)
                    elif not suspension["indicatie"] and item.status == ItemStatus.SUSPENDED:
                        item_resume(item=item, ends_on=today)
        except DjangoValidationError as error:
            raise _validation_error(error, self.field_names) from error
        return item, created


class ItemListView(ItemEndpoint):
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        item, created = self._save(serializer)
        item = self.get_queryset().get(pk=item.pk)
        return self._respond(item, status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class ItemDetailView(ItemEndpoint):
    lookup_field = "uuid"

    def get(self, request, uuid):
        return self._respond(self._item(uuid), status.HTTP_200_OK)

    def patch(self, request, uuid):
        item = self._item(uuid)
        current = self.serializer_class.from_item(item)
        for name in REFS:
            current[name] = current[name].slug if current[name] is not None else None
        current.pop("opschorting", None)
        current = {k: v for k, v in current.items() if v is not None}
        merged = {**current, **request.data, "bron": item.source, self.id_field: item.source_id}
        serializer = self.get_serializer(data=merged)
        serializer.is_valid(raise_exception=True)
        item, _created = self._save(serializer, instance=item)
        return self._respond(self.get_queryset().get(pk=item.pk), status.HTTP_200_OK)


TAG = ["afhandeling"]
DESCRIPTIONS = {
    "task": _(
        "Terugbelverzoeken, e-mails en brieven (Open Klant InterneTaak). Bestaat de combinatie "
        "bron en nummer al, dan wordt het item bijgewerkt (200), anders aangemaakt (201)."
    ),
    "case": _(
        "Aanvragen, klachten, bezwaren en meldingen (ZGW Zaak). Bestaat de combinatie bron en "
        "identificatie al, dan wordt het item bijgewerkt (200), anders aangemaakt (201)."
    ),
}


class TaskListView(ItemListView):
    """Open Klant InterneTaak: call-back requests, e-mails and letters."""

    @extend_schema(
        tags=TAG,
        summary="Interne taak aanleveren (aanmaken of bijwerken)",
        description=DESCRIPTIONS["task"],
        responses={
            200: InterneTaakSerializer,
            201: InterneTaakSerializer,
            **problem_responses(400, 401, 403),
        },
    )
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)


class TaskDetailView(ItemDetailView):
    @extend_schema(
        tags=TAG,
        summary="Interne taak opvragen",
        responses={200: InterneTaakSerializer, **problem_responses(401, 403, 404)},
    )
    def get(self, request, uuid):
        return super().get(request, uuid)

    @extend_schema(
        tags=TAG,
        summary="Interne taak bijwerken of afsluiten (status 'verwerkt')",
        responses={200: InterneTaakSerializer, **problem_responses(400, 401, 403, 404)},
    )
    def patch(self, request, uuid):
        return super().patch(request, uuid)


class CaseEndpointMixin:
    serializer_class = ZaakSerializer
    id_field = "identificatie"
    kinds = ["application", "complaint", "objection", "report"]
    field_names = {
        "received_at": "startdatum",
        "closed_at": "einddatum",
        "starts_on": "opschorting",
        "ends_on": "opschorting",
    }


class CaseListView(CaseEndpointMixin, ItemListView):
    """ZGW Zaak: applications, complaints, objections and reports."""

    @extend_schema(
        tags=TAG,
        summary="Zaak aanleveren (aanmaken of bijwerken)",
        description=DESCRIPTIONS["case"],
        responses={200: ZaakSerializer, 201: ZaakSerializer, **problem_responses(400, 401, 403)},
    )
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)


class CaseDetailView(CaseEndpointMixin, ItemDetailView):
    @extend_schema(
        tags=TAG,
        summary="Zaak opvragen",
        responses={200: ZaakSerializer, **problem_responses(401, 403, 404)},
    )
    def get(self, request, uuid):
        return super().get(request, uuid)

    @extend_schema(
        tags=TAG,
        summary="Zaak bijwerken, opschorten, hervatten of afsluiten",
        responses={200: ZaakSerializer, **problem_responses(400, 401, 403, 404)},
    )
    def patch(self, request, uuid):
        return super().patch(request, uuid)
