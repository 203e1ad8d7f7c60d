from django.urls import path

from . import views

app_name = "campaigns"

urlpatterns = [
    path("documents/", views.document_list, name="document_list"),
    path("documents/new/", views.document_create, name="document_create"),
    path("documents/<int:pk>/file/", views.document_file, name="document_file"),
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/<str:code>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<str:code>/coverage.xlsx", views.coverage_export, name="coverage_export"),
    path("campaigns/<str:code>/not-covered/", views.not_covered_list, name="not_covered"),
    path("campaigns/<str:code>/deliverables/", views.deliverable_list, name="deliverable_list"),
    path("campaigns/<str:code>/deliverables/rates.xlsx", views.rates_export,
         name="rates_export"),
    path("campaigns/<str:code>/deliverables/overdue/", views.deliverable_overdue,
         name="deliverable_overdue"),
    path("campaigns/<str:code>/deliverables/require/", views.deliverable_require,
         name="deliverable_require"),
    path("campaigns/<str:code>/deliverables/<int:pk>/receive/", views.deliverable_receive,
         name="deliverable_receive"),
    path("campaigns/<str:code>/deliverables/<int:pk>/file/", views.deliverable_file,
         name="deliverable_file"),
]
