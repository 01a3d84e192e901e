"""Staff reports."""

from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("npc/", views.npc, name="npc"),
]
