from django.urls import path

from . import views

app_name = "calendar"

urlpatterns = [
    # The events page, month view, .ics files and feeds
    path("", views.events, name="events"),
    path("<int:year>/<int:month>/", views.month, name="month"),
    path("<int:pk>.ics", views.meeting_ics, name="meeting_ics"),
    path("feed.ics", views.public_feed, name="feed"),
    path("feed/<str:token>.ics", views.private_feed, name="private_feed"),
    path("my-feed/", views.feed_settings, name="feed_settings"),
]
