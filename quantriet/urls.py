from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from quantriet.accounts import views as account_views
from quantriet.api import api

urlpatterns = [
    path("", account_views.home, name="home"),
    path("login/", account_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("", include("quantriet.orgs.urls")),
    path("", include("quantriet.campaigns.urls")),
    path("", include("quantriet.meetings.urls")),
    path("", include("quantriet.learning.urls")),
    path("", include("quantriet.copychecks.urls")),
    path("", include("quantriet.programs.urls")),
    path("", include("quantriet.surveys.urls")),
    path("", include("quantriet.inspections.urls")),
    path("", include("quantriet.notices.urls")),
    path("", include("quantriet.reports.urls")),
    path("meetings/<str:code>/sheet/", include("quantriet.meetings.sheet_urls")),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
