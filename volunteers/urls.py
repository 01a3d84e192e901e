"""The stewards' phone pages under /stewards/."""

from django.urls import path

from volunteers import views

app_name = "volunteers"

urlpatterns = [
    path("", views.home, name="home"),
    path("apply/", views.apply, name="apply"),
    path("apply/<uuid:token>/", views.apply_status, name="apply-status"),
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("password/", views.code_request, name="code-request"),
    path("password/set/", views.password_set, name="password-set"),
    path("me/", views.profile, name="profile"),
    path("history/", views.history, name="history"),
    path("inspections/new/", views.inspection_new, name="inspection-new"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection-detail"),
    path("inspections/<int:pk>/problems/<int:item_pk>/review/", views.problem_review, name="problem-review"),
    path("suggestions/new/", views.suggestion_new, name="suggestion-new"),
    path("suggestions/<int:pk>/", views.suggestion_detail, name="suggestion-detail"),
    path("training/", views.training, name="training"),
    path("training/<int:pk>/sign-up/", views.training_sign_up, name="training-sign-up"),
    path("training/<int:pk>/cancel/", views.training_cancel, name="training-cancel"),
    path("photos/<str:kind>/<int:pk>/", views.photo, name="photo"),
    path("supervisor/", views.supervisor_home, name="supervisor-home"),
    path("supervisor/inspections/<int:pk>/", views.supervisor_inspection, name="supervisor-inspection"),
]
