"""``dienstverlening api_client_renew``: a new token for an API client; the old one stops."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from dienstverlening.core.management.token_days import days_argument_add, days_expiry
from dienstverlening.core.models import ApiClient
from dienstverlening.core.services import api_client_token_renew


class Command(BaseCommand):
    help = _(
        "Geeft een API-koppeling een nieuw token (één keer getoond); het oude werkt niet meer."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("name", help=_("naam van de API-koppeling"))
        days_argument_add(parser)

    def handle(self, *args, **options) -> None:
        client = ApiClient.objects.filter(name=options["name"]).first()
        if client is None:
            raise CommandError(
                _("Er is geen API-koppeling '%(name)s'.") % {"name": options["name"]}
            )
        expires_at = days_expiry(options["days"])
        token = api_client_token_renew(client=client, expires_at=expires_at)
        self.stdout.write(token)
        self.stderr.write(
            _("Nieuw token voor '%(name)s', geldig tot %(date)s; het oude werkt niet meer.")
            % {
                "name": client.name,
                "date": timezone.localtime(client.expires_at).strftime("%d-%m-%Y"),
            }
        )
