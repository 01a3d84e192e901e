"""The portal's URLs: one place that mounts every app."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from greening import views

admin.site.site_header = settings.SITE_TITLE
admin.site.site_title = settings.SITE_TITLE

urlpatterns = [
    path("", views.landing, name="landing"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("greening.api.urls")),
    path("parks/", include("greenspaces.urls")),
    path("plans/", include("plans.urls")),
    path("stewards/", include("volunteers.urls")),
    path("reports/", include("reports.urls")),
]

handler404 = "greening.views.not_found"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
