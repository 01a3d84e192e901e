"""``python manage.py load_yangquan``: load the city's data from the reply letter, idempotently."""

from __future__ import annotations

import importlib

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from greening.lib.citydata import CREATED, DIFFERS, UNCHANGED, UPDATED, Loader


class Command(BaseCommand):
    help = "Load Yangquan's districts, green spaces, species and the other data of the reply letter (idempotent)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Reset rows that differ from the city data (by default staff edits are kept).",
        )

    def handle(self, *args, overwrite: bool = False, **options) -> None:
        loader = Loader(overwrite=overwrite)
        with transaction.atomic():
            for app_config in apps.get_app_configs():
                try:
                    module = importlib.import_module(f"{app_config.name}.citydata")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{app_config.name}.citydata":
                        raise
                    continue
                module.load(loader)
        for model, counter in loader.counts.items():
            self.stdout.write(
                _("%(model)s: %(created)d new, %(unchanged)d unchanged, %(differs)d kept as edited, %(updated)d reset")
                % {
                    "model": model._meta.verbose_name_plural,
                    "created": counter[CREATED],
                    "unchanged": counter[UNCHANGED],
                    "differs": counter[DIFFERS],
                    "updated": counter[UPDATED],
                }
            )
        if loader.wrote_anything:
            self.stdout.write(self.style.SUCCESS(_("Yangquan city data loaded.")))
        else:
            self.stdout.write(self.style.SUCCESS(_("Yangquan city data already loaded; nothing changed.")))
        if any(counter[DIFFERS] for counter in loader.counts.values()):
            self.stdout.write(
                _("Some rows differ from the city data and were kept; run with --overwrite to reset them.")
            )
