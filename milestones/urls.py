from django.urls import path

from .views import counties, dashboard, data, reports

app_name = "milestones"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("county/<slug:slug>/", counties.county, name="county"),
    path("data/<slug:table>.<str:fmt>", data.table, name="data"),
    path("reports/", reports.overview, name="reports"),
    path("reports/<int:pk>/verify/", reports.verify, name="verify"),
    path("reports/<int:pk>/return/", reports.return_figure, name="return"),
]
