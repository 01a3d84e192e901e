"""Public and staff pages of the volunteers app."""

from django.urls import path  # noqa: F401

app_name = "volunteers"

urlpatterns: list = []
