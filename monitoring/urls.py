from django.urls import path

from .views import journal, maturity, recognition, reports, scorecard

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

urlpatterns += [
    path("journal/", journal.journal, name="journal"),
    path("journal/new/", journal.journal_entry_new, name="journal_new"),
    path("journal/<int:pk>/", journal.journal_entry, name="journal_entry"),
    path("journal/<int:pk>/edit/", journal.journal_entry_edit, name="journal_edit"),
    path(
        "journal/<int:pk>/visibility/", journal.journal_entry_visibility, name="journal_visibility"
    ),
    path("journal/quarters/<slug:slug>/", journal.journal_quarter_print, name="journal_print"),
    path("journal/quarters/<slug:slug>/file/", journal.journal_quarter_file, name="journal_file"),
]

urlpatterns += [
    path("maturity/", maturity.history, name="maturity"),
    path("maturity/new/", maturity.assess, name="maturity_new"),
    path("maturity/<int:pk>/", maturity.assessment, name="maturity_assessment"),
]

urlpatterns += [
    path("recognition/", recognition.recognition, name="recognition"),
    path("recognition/weights/", recognition.weights, name="weights"),
    path("recognition/grant/", recognition.grant, name="grant"),
    path("recognition/<int:pk>/certificate/", recognition.certificate, name="certificate"),
]

urlpatterns += [
    path("reports/", reports.report_latest, name="reports"),
    path("reports/<slug:slug>/", reports.report, name="report"),
    path("reports/<slug:slug>/commentary/", reports.commentary, name="report_commentary"),
    path("reports/<slug:slug>/send/", reports.send, name="report_send"),
]
