from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("campaigns/<str:code>/report/", views.report_home, name="report_home"),
    path("campaigns/<str:code>/report/build/", views.report_build, name="report_build"),
    path("campaigns/<str:code>/report/dashboard/", views.dashboard, name="dashboard"),
    path("reports/<int:report_pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:report_pk>/edit/", views.report_edit, name="report_edit"),
    path("reports/<int:report_pk>/figure/", views.report_figure, name="report_figure"),
    path("reports/<int:report_pk>/rebuild/", views.report_rebuild, name="report_rebuild"),
    path("reports/<int:report_pk>/submit/", views.report_submit, name="report_submit"),
    path("reports/<int:report_pk>/accept/", views.report_accept, name="report_accept"),
    path("reports/<int:report_pk>/return/", views.report_return, name="report_return"),
    path("reports/<int:report_pk>/report.docx", views.report_docx, name="report_docx"),
    path("reports/<int:report_pk>/report.xlsx", views.report_xlsx, name="report_xlsx"),
    path("reports/<int:report_pk>/report.pdf", views.report_pdf, name="report_pdf"),
]
