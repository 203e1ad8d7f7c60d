from django.urls import path

from . import views

app_name = "learning"

_C = "campaigns/<str:code>/learning/"

urlpatterns = [
    path("learning/", views.my_reports, name="my_reports"),
    path(_C + "my/", views.my_report, name="my_report"),
    path(_C + "my/save/", views.my_report_save, name="my_report_save"),
    path(_C + "my/submit/", views.my_report_submit, name="my_report_submit"),
    path(_C + "my/upload/", views.my_report_upload, name="my_report_upload"),
    path(_C + "my/plan/", views.my_plan, name="my_plan"),
    path(_C + "my/plan/review/", views.my_plan_review, name="my_plan_review"),
    path(_C, views.results, name="results"),
    path(_C + "results.xlsx", views.results_export, name="results_export"),
    path(_C + "members/", views.member_list, name="member_list"),
    path(_C + "grading/", views.grading, name="grading"),
    path(_C + "allocate/", views.allocate, name="allocate"),
    path(_C + "import/", views.import_view, name="import"),
    path(_C + "settings/", views.campaign_settings, name="settings"),
    path(_C + "reports/<str:member_id>/", views.report_detail, name="report_detail"),
    path(_C + "reports/<str:member_id>/grade/", views.report_grade, name="report_grade"),
    path(_C + "reports/<str:member_id>/file/", views.report_file, name="report_file"),
    path(_C + "reports/<str:member_id>/paper/", views.paper_submit, name="paper_submit"),
    path(_C + "reports/<str:member_id>/excuse/", views.excuse, name="excuse"),
    path(_C + "plans/<str:member_id>/", views.plan_detail, name="plan_detail"),
]
