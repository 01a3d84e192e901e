from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    """Plans, public consultation, indicators and coordination meetings."""

    name = "plans"
    verbose_name = _("Plans")
