"""The admin's sign-in form is the one that knows about slowdowns and second factors."""

from django.contrib import admin

from .forms import StaffSignInForm

admin.site.login_form = StaffSignInForm
admin.site.login_template = "accounts/login.html"
