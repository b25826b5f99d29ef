"""Create, update and close items through the API. POST is an upsert on (bron, kenmerk).

Only API clients with the scope "handling" use these endpoints, and each only for its own
sources (``ApiClient.sources``): an item of another source does not exist for it (404), and
delivering for another source is refused (403).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, serializers, status
from rest_framework.exceptions import ErrorDetail
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from dienstverlening.core.api import problem_responses
from dienstverlening.core.api_clients import ApiAccess, ApiClientAuthentication, api_client_of
from dienstverlening.core.models import ApiScope

from ..models import HandlingItem
from ..services import ItemInput, item_team_resolve, item_upsert
from .fields import DutchSerializer
from .serializers import TASK_KINDS, InterneTaakSerializer, ZaakSerializer

REFS = ("gemeente", "team", "dienst", "kanaal")


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
    authentication_classes = [ApiClientAuthentication]
    permission_classes = [ApiAccess]
    required_scope = ApiScope.HANDLING
    serializer_class = InterneTaakSerializer
    id_field = "nummer"
    kinds: list[str] = list(TASK_KINDS)
    # Model field → API field, for refusals from the services.
    field_names = {"received_at": "toegewezenOp", "closed_at": "afgehandeldOp"}

    @property
    def sources(self) -> list[str]:
        """The sources this client may read and write."""
        client = api_client_of(self.request)
        return client.source_list if client is not None else []

    def get_queryset(self):
        return (
            HandlingItem.objects.filter(kind__in=self.kinds, source__in=self.sources)
            .select_related("municipality", "team", "service", "channel")
            .order_by("received_at", "pk")
        )

    def _check_source(self, source: str) -> None:
        if source not in self.sources:
            raise exceptions.PermissionDenied(
                _(
                    "Deze koppeling mag niet aanleveren voor bron '%(source)s', alleen voor: "
                    "%(allowed)s."
                )
                % {"source": source, "allowed": ", ".join(self.sources) or "-"}
            )

    @staticmethod
    def _object_data(data):
        """The request body, which must be one JSON object."""
        if not isinstance(data, dict):
            raise serializers.ValidationError(
                {"nonFieldErrors": [DutchSerializer.default_error_messages["invalid"]]},
                code="invalid",
            )
        return data

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

    def _save(
        self, serializer, instance: HandlingItem | None = None, *, refs_given: bool = True
    ) -> tuple[HandlingItem, bool]:
        """Write the item. ``refs_given`` is False for a PATCH that names neither team nor
        service: the item keeps its team (also when its service has since moved team)."""
        attrs = serializer.validated_data
        self._check_source(attrs["bron"])
        fields = serializer.to_item(attrs)
        service = attrs.get("dienst")
        channel = attrs.get("kanaal")
        try:
            if instance is not None and not refs_given:
                team_id = instance.team_id
            else:
                team = attrs.get("team")
                team_id = item_team_resolve(
                    team_id=team.pk if team else None,
                    service_id=service.pk if service else None,
                    service_team_id=service.team_id if service else None,
                )
                if team_id is None and instance is not None:
                    team_id = instance.team_id
            data = ItemInput(
                source=attrs["bron"],
                municipality_id=attrs["gemeente"].pk,
                team_id=team_id,
                service_id=service.pk if service else None,
                channel_id=channel.pk if channel else None,
                **fields,
            )
            suspension = attrs.get("opschorting")
            item, created = item_upsert(
                data=data, suspended=suspension["indicatie"] if suspension is not None else None
            )
        except DjangoValidationError as error:
            raise _validation_error(error, self.field_names) from error
        return item, created


class ItemListView(ItemEndpoint):
    def get(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        rows = [self.serializer_class.from_item(item) for item in page]
        return self.get_paginated_response(self.serializer_class(rows, many=True).data)

    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=self._object_data(request.data))
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
        body = self._object_data(request.data)
        current = self.serializer_class.from_item(item)
        for name in REFS:
            current[name] = current[name].slug if current[name] is not None else None
        current.pop("opschorting", None)
        if body.get("dienst") and "team" not in body:
            current.pop("team")  # a new service brings its own team
        current = {k: v for k, v in current.items() if v is not None}
        merged = {**current, **body, "bron": item.source, self.id_field: item.source_id}
        serializer = self.get_serializer(data=merged)
        serializer.is_valid(raise_exception=True)
        refs_given = "team" in body or "dienst" in body
        item, _created = self._save(serializer, instance=item, refs_given=refs_given)
        return self._respond(self.get_queryset().get(pk=item.pk), status.HTTP_200_OK)


TAG = ["afhandeling"]
DESCRIPTIONS = {
    "task": _(
        "Terugbelverzoeken, e-mails en brieven (Open Klant InterneTaak). Bestaat de combinatie "
        "bron en nummer al, dan wordt het item bijgewerkt (200), anders aangemaakt (201). "
        "Alleen voor de bronnen van deze koppeling (anders 403). Een team dat niet bij de "
        "dienst hoort wordt geweigerd (code team_service); laat het team leeg bij een dienst."
    ),
    "case": _(
        "Aanvragen, klachten, bezwaren en meldingen (ZGW Zaak). Bestaat de combinatie bron en "
        "identificatie al, dan wordt het item bijgewerkt (200), anders aangemaakt (201). "
        "Alleen voor de bronnen van deze koppeling (anders 403). Een team dat niet bij de "
        "dienst hoort wordt geweigerd (code team_service); laat het team leeg bij een dienst."
    ),
}


LIST_DESCRIPTION = _(
    "Alleen items van de bronnen van deze koppeling, op volgorde van ontvangst, 100 per pagina."
)


def _operation(
    serializer: type[serializers.Serializer],
    summary: str,
    problems: tuple[int, ...],
    *,
    many: bool = False,
    created: bool = False,
    **extra,
):
    """One method's API documentation: an answer in the shape of ``serializer`` (a page of them
    with ``many``; ``created`` also as 201) or one of the ``problems``."""
    responses = {200: serializer(many=True) if many else serializer}
    if created:
        responses[201] = serializer
    return extend_schema(
        tags=TAG, summary=summary, responses={**responses, **problem_responses(*problems)}, **extra
    )


def _list_schema(*, operation_id: str, get: str, post: str, description: str):
    """The API documentation of a list endpoint: GET a page, POST an upsert."""

    def decorate(view: type[ItemListView]) -> type[ItemListView]:
        serializer = view.serializer_class
        list_get = _operation(
            serializer,
            get,
            (401, 403, 429),
            many=True,
            operation_id=operation_id,
            description=LIST_DESCRIPTION,
        )
        upsert = _operation(
            serializer, post, (400, 401, 403, 429), created=True, description=description
        )
        return extend_schema_view(get=list_get, post=upsert)(view)

    return decorate


def _detail_schema(*, get: str, patch: str):
    """The API documentation of a detail endpoint: GET one item, PATCH it."""

    def decorate(view: type[ItemDetailView]) -> type[ItemDetailView]:
        serializer = view.serializer_class
        return extend_schema_view(
            get=_operation(serializer, get, (401, 403, 404, 429)),
            patch=_operation(serializer, patch, (400, 401, 403, 404, 429)),
        )(view)

    return decorate


@_list_schema(
    operation_id="interne_taken_list",
    get="Interne taken opvragen",
    post="Interne taak aanleveren (aanmaken of bijwerken)",
    description=DESCRIPTIONS["task"],
)
class TaskListView(ItemListView):
    """Open Klant InterneTaak: call-back requests, e-mails and letters."""


@_detail_schema(
    get="Interne taak opvragen",
    patch="Interne taak bijwerken of afsluiten (status 'verwerkt')",
)
class TaskDetailView(ItemDetailView):
    pass


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


@_list_schema(
    operation_id="zaken_list",
    get="Zaken opvragen",
    post="Zaak aanleveren (aanmaken of bijwerken)",
    description=DESCRIPTIONS["case"],
)
class CaseListView(CaseEndpointMixin, ItemListView):
    """ZGW Zaak: applications, complaints, objections and reports."""


@_detail_schema(
    get="Zaak opvragen",
    patch="Zaak bijwerken, opschorten, hervatten of afsluiten",
)
class CaseDetailView(CaseEndpointMixin, ItemDetailView):
    pass
