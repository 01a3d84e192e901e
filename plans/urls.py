"""Public pages of the plans app, mounted at /plans/."""

from django.urls import path

from plans import views

app_name = "plans"

urlpatterns = [
    path("", views.consultation_list, name="consultation-list"),
    path("<int:pk>/", views.consultation_detail, name="consultation-detail"),
    path("documents/<int:pk>/", views.document_download, name="document-download"),
]
