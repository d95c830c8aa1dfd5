"""Writes of the milestones app: the yearly reminder to report. Verifying and returning a
figure are the members app's services (the figure and its state are members'; decision 0023)."""

from django.db import IntegrityError, transaction

from core import mail
from members import selectors as member_selectors

from . import selectors
from .models import ReportReminder


def remind_to_report(*, year):
    """Mail the focal people of each active organisation that has programmes and has not
    reported ``year`` yet, once per organisation and year. Returns how many organisations
    were reminded. Safe to run twice or from two machines at once: the reminder row is
    written first, and its unique constraint lets only one run mail."""
    reminded = 0
    for organisation in selectors.organisations_to_remind(year):
        recipients = [p.user.email for p in member_selectors.focal_people(organisation)]
        if not recipients:
            continue
        try:
            with transaction.atomic():
                ReportReminder.objects.create(
                    organisation=organisation, year=year, recipients=len(recipients)
                )
                mail.send_email_each(
                    "milestones/email/report_reminder",
                    recipients,
                    {"organisation": organisation, "year": year},
                )
        except IntegrityError:
            continue  # another run reminded this organisation meanwhile
        reminded += 1
    return reminded
