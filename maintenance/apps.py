from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaintenanceConfig(AppConfig):
    """Contractors, weather warnings and forecasts, response rules, orders and webhooks."""

    name = "maintenance"
    verbose_name = _("Maintenance")
