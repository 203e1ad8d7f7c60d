from django.urls import path

from . import views

app_name = "inspections"

urlpatterns = [
    path("campaigns/<str:code>/inspections/", views.campaign_inspections,
         name="campaign_inspections"),
    path("campaigns/<str:code>/inspections/assign/", views.assign, name="assign"),
    path("campaigns/<str:code>/inspections/missing/", views.missing, name="missing"),
    path("campaigns/<str:code>/inspections/form/", views.evaluation_form_setup,
         name="form_setup"),
    path("inspections/today/", views.today, name="today"),
    path("inspections/<int:assignment_pk>/", views.assignment, name="assignment"),
    path("inspections/<int:assignment_pk>/cancel/", views.cancel, name="cancel"),
]
