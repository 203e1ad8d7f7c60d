from django.urls import path

from . import views

app_name = "notices"

urlpatterns = [
    path("notices/", views.inbox, name="inbox"),
    path("notices/read-all/", views.read_all, name="read_all"),
    path("notices/settings/", views.mute_settings, name="settings"),
    path("notices/<int:notice_pk>/read/", views.read, name="read"),
    path("notices/<int:notice_pk>/open/", views.open_notice, name="open"),
]
