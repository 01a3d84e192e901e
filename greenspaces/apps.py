from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GreenspacesConfig(AppConfig):
    """The green estate: districts, green spaces, the plant catalogue and heritage trees."""

    name = "greenspaces"
    verbose_name = _("Green estate")
