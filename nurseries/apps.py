from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NurseriesConfig(AppConfig):
    """Nurseries, stock lots, the stock ledger, seedling orders and allocations."""

    name = "nurseries"
    verbose_name = _("Nurseries")
