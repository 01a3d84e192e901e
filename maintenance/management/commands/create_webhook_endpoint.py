"""``python manage.py create_webhook_endpoint``: register a contractor's webhook and print its secret once."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from maintenance.models import Contractor, WebhookEndpoint
from maintenance.webhooks import generate_secret


class Command(BaseCommand):
    help = "Register a webhook endpoint for a contractor (by id or exact name) and print its signing secret once."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--contractor", required=True, help="contractor id or exact name")
        parser.add_argument("--url", required=True, help="where to POST the signed events")
        parser.add_argument("--description", default="", help="a note for staff")

    def handle(self, *args, contractor: str, url: str, description: str, **options) -> None:
        lookup = {"pk": int(contractor)} if contractor.isdigit() else {"name": contractor}
        try:
            owner = Contractor.objects.get(**lookup)
        except Contractor.DoesNotExist:
            raise CommandError(_("No contractor %(contractor)s.") % {"contractor": contractor}) from None
        endpoint = WebhookEndpoint(contractor=owner, url=url, description=description, secret=generate_secret())
        try:
            endpoint.full_clean()
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        endpoint.save()
        self.stdout.write(
            _("Endpoint #%(id)d for %(contractor)s: %(url)s") % {"id": endpoint.pk, "contractor": owner, "url": url}
        )
        self.stdout.write(_("Signing secret (shown once): %(secret)s") % {"secret": endpoint.secret})
