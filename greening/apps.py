from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GreeningConfig(AppConfig):
    """The project package: site-wide pages, health check and shared commands."""

    name = "greening"
    verbose_name = _("Portal")
