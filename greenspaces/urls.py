"""Public pages of the greenspaces app, mounted at /parks/."""

from django.urls import path

from greenspaces import views

app_name = "greenspaces"

urlpatterns = [
    path("", views.park_list, name="park-list"),
    path("<slug:code>/", views.park_detail, name="park-detail"),
]
