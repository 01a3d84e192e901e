"""Public and staff pages of the greenspaces app."""

from django.urls import path  # noqa: F401

app_name = "greenspaces"

urlpatterns: list = []
