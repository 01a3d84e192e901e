"""``python manage.py create_api_token``: issue an API token for a contractor or the met bureau, shown once."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from maintenance import services
from maintenance.choices import TokenKind
from maintenance.models import Contractor


class Command(BaseCommand):
    help = "Create an API token for a contractor (by id or exact name) or for the met bureau, and print it once."

    def add_arguments(self, parser) -> None:
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--contractor", help="contractor id or exact name")
        who.add_argument("--met-bureau", action="store_true", help="a token that may only push CAP warnings")
        parser.add_argument("--name", default="", help="what the token is for")
        parser.add_argument("--expires-in-days", type=int, default=None, help="expire after this many days")

    def handle(
        self, *args, contractor: str | None, met_bureau: bool, name: str, expires_in_days: int | None, **options
    ):
        owner = None
        if contractor:
            lookup = {"pk": int(contractor)} if contractor.isdigit() else {"name": contractor}
            try:
                owner = Contractor.objects.get(**lookup)
            except Contractor.DoesNotExist:
                raise CommandError(_("No contractor %(contractor)s.") % {"contractor": contractor}) from None
        if expires_in_days is not None and expires_in_days < 1:
            raise CommandError(_("--expires-in-days must be at least 1."))
        expires_at = timezone.now() + datetime.timedelta(days=expires_in_days) if expires_in_days else None
        token, raw = services.api_token_create(
            kind=TokenKind.MET_BUREAU if met_bureau else TokenKind.CONTRACTOR,
            contractor=owner,
            name=name or (_("met bureau push") if met_bureau else _("command line")),
            expires_at=expires_at,
        )
        self.stdout.write(_("Token #%(id)d for %(owner)s (shown once, store it now):") % {
            "id": token.pk, "owner": owner or token.get_kind_display()})  # fmt: skip
        self.stdout.write(raw)
