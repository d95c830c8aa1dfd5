from django.urls import path

from .views import scorecard

app_name = "monitoring"

urlpatterns = [
    path("", scorecard.scorecard, name="scorecard"),
    path("quarters/<slug:slug>/", scorecard.scorecard, name="quarter"),
    path("quarters/<slug:slug>/snapshot/", scorecard.snapshot, name="snapshot"),
    path("quarters/<slug:slug>/figures.csv", scorecard.figures_csv, name="figures_csv"),
    path("quarters/<slug:slug>/trend.csv", scorecard.trend_csv, name="trend_csv"),
    path(
        "quarters/<slug:slug>/<slug:block>/<slug:table>.csv",
        scorecard.table_csv,
        name="table_csv",
    ),
]
