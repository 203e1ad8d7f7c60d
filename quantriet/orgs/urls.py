from django.urls import path

from . import privacy_views, views

app_name = "orgs"

urlpatterns = [
    path("units/", views.unit_tree, name="unit_tree"),
    path("units/export/", views.unit_export, name="unit_export"),
    path("units/<str:code>/", views.unit_detail, name="unit_detail"),
    path("units/<str:code>/children/", views.unit_children, name="unit_children"),
    path("units/<str:code>/create-child/", views.unit_create_child, name="unit_create_child"),
    path("units/<str:code>/move/", views.unit_move, name="unit_move"),
    path("units/<str:code>/active/", views.unit_set_active, name="unit_set_active"),
    path("members/", views.member_list, name="member_list"),
    path("members/export/", views.member_export, name="member_export"),
    path("members/<str:member_id>/", views.member_detail, name="member_detail"),
    path("members/<str:member_id>/transfer/", views.member_transfer, name="member_transfer"),
    path("members/<str:member_id>/edit/", views.member_edit, name="member_edit"),
    path("members/<str:member_id>/remove/", views.member_remove, name="member_remove"),
    path("members/<str:member_id>/privacy/", privacy_views.member_privacy,
         name="member_privacy"),
    path("members/<str:member_id>/data.json", privacy_views.member_data_export,
         {"fmt": "json"}, name="member_data_json"),
    path("members/<str:member_id>/data.xlsx", privacy_views.member_data_export,
         {"fmt": "xlsx"}, name="member_data_xlsx"),
    path("members/<str:member_id>/erase/", privacy_views.member_data_erase,
         name="member_data_erase"),
    path("privacy/", privacy_views.my_privacy, name="my_privacy"),
    path("privacy/views/", privacy_views.record_views, name="record_views"),
    path("imports/", views.import_list, name="import_list"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("no-role/", views.no_role, name="no_role"),
]
