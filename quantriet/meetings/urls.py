from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<str:code>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<str:code>/bridge-points/new/", views.bridge_point_create,
         name="bridge_point_create"),
    path("meetings/<str:code>/bridge-points/<str:bp>/", views.tick_list, name="tick_list"),
    path("meetings/<str:code>/bridge-points/<str:bp>/mark/", views.tick_mark,
         name="tick_mark"),
    path("meetings/<str:code>/bridge-points/<str:bp>/add/", views.tick_add, name="tick_add"),
    path("meetings/<str:code>/bridge-points/<str:bp>/non-members/", views.tick_non_members,
         name="tick_non_members"),
    path("meetings/<str:code>/bridge-points/<str:bp>/qr/", views.qr_display,
         name="qr_display"),
    path("checkin/<str:code>/<str:bp>/<str:token>/", views.checkin, name="checkin"),
    path("me/meetings/", views.my_meetings, name="my_meetings"),
]
