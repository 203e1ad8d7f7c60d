"""Included by the site's urls at meetings/<str:code>/sheet/."""

from django.urls import path

from . import sheet_views

app_name = "sheets"

urlpatterns = [
    path("", sheet_views.sheet_upload, name="upload"),
]
