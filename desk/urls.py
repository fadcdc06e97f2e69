"""The desk's own staff views (each checks who asks), under /admin/desk/."""

app_name = "desk"
urlpatterns = []
