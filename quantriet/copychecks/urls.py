from django.urls import path

from . import views

app_name = "copychecks"

urlpatterns = [
    path("campaigns/<str:code>/copies/", views.flag_list, name="flag_list"),
    path("campaigns/<str:code>/copies/flags.xlsx", views.flag_export, name="flag_export"),
    path("campaigns/<str:code>/copies/<int:match_pk>/", views.flag_detail,
         name="flag_detail"),
    path("campaigns/<str:code>/copies/clusters/<int:cluster_pk>/", views.cluster_detail,
         name="cluster_detail"),
    path("campaigns/<str:code>/copies/run/", views.run_start, name="run_start"),
    path("campaigns/<str:code>/copies/runs/<int:run_pk>/", views.run_status,
         name="run_status"),
    path("campaigns/<str:code>/copies/references/", views.reference_list,
         name="reference_list"),
    path("campaigns/<str:code>/copies/references/<int:reference_pk>/",
         views.reference_detail, name="reference_detail"),
    path("campaigns/<str:code>/copies/references/<int:reference_pk>/delete/",
         views.reference_delete, name="reference_delete"),
]
