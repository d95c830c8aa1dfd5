"""Subscribing, unsubscribing and the distribution report of an edition: included from
``bulletin.urls`` under /bulletin/."""

from django.urls import path

from . import views

urlpatterns = [
    path("subscribe/", views.subscribe, name="subscribe"),
    path("subscribe/sent/", views.subscribe_sent, name="subscribe_sent"),
    path("subscribe/confirm/<str:token>/", views.subscribe_confirm, name="subscribe_confirm"),
    path("subscribe/account/", views.preferences, name="subscription"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("editions/<int:pk>/deliveries/", views.deliveries, name="deliveries"),
]
