"""Refresh ``locale/allauth/sw/LC_MESSAGES/django.po``, the Kiswahili of django-allauth's
screens and e-mails (allauth ships none), from the English catalogue of the installed allauth.

Only the parts the portal uses are kept (accounts and two-factor; not social accounts,
sessions, the headless API or the identity provider). Translations already made are kept;
new messages arrive untranslated, and ``tests/i18n`` lists them until they are translated.
``make messages`` runs it after ``makemessages``; see docs/kiswahili.md."""

from pathlib import Path

import allauth
import polib
from django.conf import settings
from django.core.management.base import BaseCommand

UNUSED_PARTS = ("socialaccount", "usersessions", "headless", "idp", "/oidc", "providers")
TARGET = Path(settings.BASE_DIR) / "locale" / "allauth" / "sw" / "LC_MESSAGES" / "django.po"


def source_entries():
    """allauth's own messages the portal's pages and e-mails can show."""
    source = Path(allauth.__file__).parent / "locale" / "en" / "LC_MESSAGES" / "django.po"
    for entry in polib.pofile(str(source)):
        used = any(
            not any(part in path for part in UNUSED_PARTS) for path, _line in entry.occurrences
        )
        if used and not entry.obsolete:
            yield entry


class Command(BaseCommand):
    help = "Refresh the Kiswahili catalogue of django-allauth's messages."

    def handle(self, *args, **options):
        current = polib.pofile(str(TARGET), wrapwidth=79)
        known = {(e.msgctxt, e.msgid): e for e in current}
        fresh = polib.POFile(wrapwidth=79)
        fresh.header = current.header
        fresh.metadata = current.metadata
        added = 0
        for entry in source_entries():
            old = known.get((entry.msgctxt, entry.msgid))
            new = polib.POEntry(
                msgctxt=entry.msgctxt,
                msgid=entry.msgid,
                msgid_plural=entry.msgid_plural,
                occurrences=entry.occurrences,
                flags=[flag for flag in entry.flags if flag != "fuzzy"],
            )
            if entry.msgid_plural:
                new.msgstr_plural = old.msgstr_plural if old else {0: "", 1: ""}
            else:
                new.msgstr = old.msgstr if old else ""
            added += old is None
            fresh.append(new)
        fresh.save(str(TARGET))
        self.stdout.write(f"{len(fresh)} messages, {added} new: translate them in {TARGET}.")
