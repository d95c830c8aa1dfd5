from django.urls import path

from .views import moderation, posts, settings, suggest, threads

app_name = "discussions"

urlpatterns = [
    path("", threads.thread_list, name="list"),
    path("ask/", threads.ask, name="ask"),
    path("suggest/", suggest.suggest, name="suggest"),
    path("settings/", settings.preferences, name="settings"),
    path("moderation/", moderation.queue, name="moderation"),
    path("flags/<int:pk>/dismiss/", moderation.flag_dismiss, name="flag_dismiss"),
    path("posts/<int:pk>/review/", moderation.review, name="review"),
    path("posts/<int:pk>/edit/", posts.edit, name="edit"),
    path("posts/<int:pk>/hide/", posts.hide, name="hide"),
    path("posts/<int:pk>/restore/", posts.restore, name="restore"),
    path("posts/<int:pk>/accept/", posts.accept, name="accept"),
    path("posts/<int:pk>/helpful/", posts.helpful, name="helpful"),
    path("posts/<int:pk>/flag/", posts.flag, name="flag"),
    path("<int:pk>/", threads.thread_detail, name="thread"),
    path("<int:pk>/answer/", threads.answer, name="answer"),
    path("<int:pk>/unaccept/", posts.unaccept, name="unaccept"),
    path("<int:pk>/lock/", moderation.lock, name="lock"),
    path("<int:pk>/unlock/", moderation.unlock, name="unlock"),
    path("<int:pk>/move/", moderation.move, name="move"),
    path("<int:pk>/pin/", moderation.pin, name="pin"),
    path("<int:pk>/follow/", settings.follow, name="follow"),
]
