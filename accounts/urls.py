"""The admin's sign-in security pages, under /admin/security/."""

from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.security, name="security"),
    path("verify/", views.verify, name="verify"),
    path("authenticator-app/", views.authenticator_app, name="authenticator_app"),
    path("recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("devices/<path:persistent_id>/remove/", views.remove_device, name="remove_device"),
]
