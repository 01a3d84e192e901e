from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Reports that read across the domain apps; it owns no tables."""

    name = "reports"
    verbose_name = _("reports")
