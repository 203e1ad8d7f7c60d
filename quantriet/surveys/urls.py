from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("campaigns/<str:code>/ballots/", views.ballot_list, name="ballot_list"),
    path("campaigns/<str:code>/ballots/new/", views.ballot_create, name="ballot_create"),
    path("ballots/", views.my_ballots, name="my_ballots"),
    path("ballots/<int:questionnaire_pk>/", views.ballot_detail, name="ballot_detail"),
    path("ballots/<int:questionnaire_pk>/results.xlsx", views.ballot_export,
         name="ballot_export"),
    path("ballots/<int:questionnaire_pk>/not-answered/", views.ballot_not_answered,
         name="ballot_not_answered"),
    path("ballots/<int:questionnaire_pk>/close/", views.ballot_close, name="ballot_close"),
    path("ballots/<int:questionnaire_pk>/answer/", views.ballot_answer, name="ballot_answer"),
    path("ballots/<int:questionnaire_pk>/paper/", views.paper_list, name="paper_list"),
    path("ballots/<int:questionnaire_pk>/paper/<int:tally_bp_pk>/", views.paper_entry,
         name="paper_entry"),
]
