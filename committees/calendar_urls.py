from django.urls import path

from . import calendar_views

app_name = "calendar"

urlpatterns = [
    # The events page, month view, .ics files and feeds
    path("", calendar_views.events, name="events"),
    path("<int:year>/<int:month>/", calendar_views.month, name="month"),
    path("<int:pk>.ics", calendar_views.meeting_ics, name="meeting_ics"),
    path("feed.ics", calendar_views.public_feed, name="feed"),
    path("feed/<str:token>.ics", calendar_views.private_feed, name="private_feed"),
    path("my-feed/", calendar_views.feed_settings, name="feed_settings"),
]
