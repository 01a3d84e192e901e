from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    """Citizen park stewards, inspections, suggestions, training and special supervisors."""

    name = "volunteers"
    verbose_name = _("Citizen stewards")
