from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("code-of-conduct/", views.code_of_conduct, name="code_of_conduct"),
    path("<slug:slug>/", views.organisation_detail, name="organisation"),
]
