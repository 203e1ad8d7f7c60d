from django.urls import path

from . import views

app_name = "programs"

urlpatterns = [
    path("programs/", views.index, name="index"),
    path("campaigns/<str:code>/programs/", views.overview, name="overview"),
    path("campaigns/<str:code>/programs/start/", views.program_start, name="program_start"),
    path("campaigns/<str:code>/programs/overdue/", views.overdue, name="overdue"),
    path("programs/mine/", views.mine, name="mine"),
    path("programs/<int:program_pk>/", views.program_detail, name="program_detail"),
    path("programs/<int:program_pk>/versions/new/", views.version_create,
         name="version_create"),
    path("programs/<int:program_pk>/diff/", views.version_diff, name="version_diff"),
    path("programs/<int:program_pk>/round/", views.round_open, name="round_open"),
    path("programs/<int:program_pk>/round/close/", views.round_close, name="round_close"),
    path("programs/<int:program_pk>/comments/", views.comment_add, name="comment_add"),
    path("programs/<int:program_pk>/comments/export/", views.comment_export,
         name="comment_export"),
    path("programs/<int:program_pk>/docx/", views.version_docx, name="version_docx"),
    path("programs/comments/<int:comment_pk>/answer/", views.comment_answer,
         name="comment_answer"),
    path("programs/<int:program_pk>/adopt/", views.program_adopt, name="program_adopt"),
    path("programs/<int:program_pk>/tasks/new/", views.task_create, name="task_create"),
    path("programs/<int:program_pk>/tasks/export/", views.task_export, name="task_export"),
    path("programs/tasks/<int:task_pk>/", views.task_detail, name="task_detail"),
    path("programs/tasks/<int:task_pk>/edit/", views.task_edit, name="task_edit"),
    path("programs/tasks/<int:task_pk>/delete/", views.task_delete, name="task_delete"),
    path("programs/evidence/<int:progress_pk>/", views.evidence, name="evidence"),
]
