from django.urls import path

from . import views

app_name = "twg"

urlpatterns = [
    path("", views.working_group_list, name="list"),
    path("<slug:slug>/", views.working_group_detail, name="detail"),
    path("<slug:slug>/join/", views.join, name="join"),
    path("<slug:slug>/leave/", views.leave, name="leave"),
    path("<slug:slug>/requests/", views.join_requests, name="requests"),
    path(
        "<slug:slug>/requests/<int:pk>/approve/",
        views.join_request_approve,
        name="request_approve",
    ),
    path(
        "<slug:slug>/requests/<int:pk>/decline/",
        views.join_request_decline,
        name="request_decline",
    ),
    path("<slug:slug>/roster/<int:seat_pk>/remove/", views.roster_remove, name="roster_remove"),
    path("<slug:slug>/decide/", views.decide, name="decide"),
]
