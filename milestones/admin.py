from django.contrib import admin

from core.admin import ReadOnlyAdminMixin

from .models import ReportReminder


@admin.register(ReportReminder)
class ReportReminderAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Written by ``remind_reach_reports``; shown only."""

    list_display = ["organisation", "year", "sent_at", "recipients"]
    list_filter = ["year"]
    search_fields = ["organisation__name"]
    list_select_related = ["organisation"]
