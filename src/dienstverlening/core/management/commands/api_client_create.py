"""``dienstverlening api_client_create``: a new API client; its token is printed once."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from dienstverlening.core.management.token_days import days_argument_add, days_expiry
from dienstverlening.core.models import ApiScope
from dienstverlening.core.services import api_client_create


class Command(BaseCommand):
    help = _(
        "Maakt een API-koppeling en toont het token één keer (alleen de SHA-256 wordt bewaard)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("name", help=_("naam van het systeem, bijvoorbeeld 'KCC Woerden'"))
        parser.add_argument(
            "--scope",
            action="append",
            choices=ApiScope.values,
            required=True,
            dest="scopes",
            help=_("wat het systeem mag (meer keren te geven): %(scopes)s")
            % {"scopes": ", ".join(f"{v} = {label}" for v, label in ApiScope.choices)},
        )
        parser.add_argument(
            "--source",
            action="append",
            default=[],
            dest="sources",
            help=_("bron waarvoor het systeem afhandelgegevens aanlevert (meer keren te geven)"),
        )
        parser.add_argument("--description", default="", help=_("beheerder en contactpunt"))
        days_argument_add(parser)

    def handle(self, *args, **options) -> None:
        expires_at = days_expiry(options["days"])
        try:
            client, token = api_client_create(
                name=options["name"],
                scopes=options["scopes"],
                sources=options["sources"],
                description=options["description"],
                expires_at=expires_at,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(token)
        self.stderr.write(
            _(
                "API-koppeling '%(name)s' gemaakt, geldig tot %(date)s. Het token staat hierboven: "
                "geef het veilig door, het wordt niet bewaard."
            )
            % {
                "name": client.name,
                "date": timezone.localtime(client.expires_at).strftime("%d-%m-%Y"),
            }
        )
