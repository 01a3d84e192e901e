"""``python manage.py ingest_forecast FILE``: store an Open-Meteo-style daily forecast."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from maintenance import selectors, services
from maintenance.forecast import ForecastError


class Command(BaseCommand):
    help = "Store an Open-Meteo-style daily forecast (JSON) for the city or one district."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="forecast JSON file")
        parser.add_argument(
            "--area",
            default=selectors.CITY_CODE,
            help="GB/T 2260 code of the district it is for (default: 140300, the whole city)",
        )

    def handle(self, *args, file: Path, area: str, **options) -> None:
        try:
            result = services.forecast_ingest(document=file.read_bytes(), area_code=area, source=str(file))
        except OSError as error:
            raise CommandError(
                _("%(file)s: cannot be read: %(error)s") % {"file": file, "error": error.strerror}
            ) from None
        except ForecastError as error:
            raise CommandError(_("%(file)s: rejected: %(reason)s") % {"file": file, "reason": error.message}) from None
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(
            _("%(file)s: forecast for %(area)s: %(created)d days new, %(updated)d updated, %(unchanged)d unchanged")
            % {
                "file": file,
                "area": area,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
            }
        )
