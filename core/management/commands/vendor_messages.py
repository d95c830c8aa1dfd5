"""Refresh the Kiswahili catalogues of the libraries' own messages the portal shows:

- ``locale/allauth``: django-allauth's screens and e-mails (allauth ships no Kiswahili);
  only the parts the portal uses (accounts, two-factor).
- ``locale/django``: Django's form errors, password rules and admin texts that Django's own
  Kiswahili catalogue leaves untranslated (or translates under an older wording).

Each is rebuilt from the English catalogue of the installed library. Translations already
made are kept; new messages arrive untranslated, and ``tests/i18n`` lists them until they
are. ``make messages`` runs it after ``makemessages``; see docs/kiswahili.md."""

from pathlib import Path

import allauth
import django
import polib
from django.conf import settings
from django.core.management.base import BaseCommand

LOCALE = Path(settings.BASE_DIR) / "locale"
ALLAUTH_UNUSED = ("socialaccount", "usersessions", "headless", "idp", "/oidc", "providers")
DJANGO_PARTS = ("conf/locale", "contrib/auth/locale", "contrib/admin/locale")
DJANGO_UNUSED = (
    "global_settings",
    "default_urlconf",
    "contrib/messages/apps",
    "sitemaps",
    "staticfiles",
    "syndication",
)


def _used(entry, unused):
    return not entry.obsolete and any(
        not any(part in path for part in unused) for path, _line in entry.occurrences
    )


def allauth_entries():
    """allauth's own messages the portal's pages and e-mails can show."""
    source = Path(allauth.__file__).parent / "locale" / "en" / "LC_MESSAGES" / "django.po"
    return [e for e in polib.pofile(str(source)) if _used(e, ALLAUTH_UNUSED)]


def django_entries():
    """Django's messages the portal can show that Django's Kiswahili does not translate."""
    root = Path(django.__file__).parent
    entries, seen = [], set()
    for part in DJANGO_PARTS:
        english = polib.pofile(str(root / part / "en" / "LC_MESSAGES" / "django.po"))
        own = polib.pofile(str(root / part / "sw" / "LC_MESSAGES" / "django.po"))
        done = {(e.msgctxt, e.msgid) for e in own if e.translated()}
        for entry in english:
            key = (entry.msgctxt, entry.msgid)
            if key not in done and key not in seen and _used(entry, DJANGO_UNUSED):
                seen.add(key)
                entries.append(entry)
    return entries


CATALOGUES = {
    "allauth": allauth_entries,
    "django": django_entries,
}


def path_of(name):
    return LOCALE / name / "sw" / "LC_MESSAGES" / "django.po"


def refresh(name):
    """Rebuild one catalogue; returns ``(messages, new)``."""
    target = path_of(name)
    current = polib.pofile(str(target), wrapwidth=79)
    known = {(e.msgctxt, e.msgid): e for e in current}
    fresh = polib.POFile(wrapwidth=79)
    fresh.header = current.header
    fresh.metadata = current.metadata
    new = 0
    for entry in CATALOGUES[name]():
        old = known.get((entry.msgctxt, entry.msgid))
        copy = polib.POEntry(
            msgctxt=entry.msgctxt,
            msgid=entry.msgid,
            msgid_plural=entry.msgid_plural,
            occurrences=entry.occurrences,
            flags=[flag for flag in entry.flags if flag != "fuzzy"],
        )
        if entry.msgid_plural:
            copy.msgstr_plural = old.msgstr_plural if old else {0: "", 1: ""}
        else:
            copy.msgstr = old.msgstr if old else ""
        new += old is None
        fresh.append(copy)
    fresh.save(str(target))
    return len(fresh), new


class Command(BaseCommand):
    help = "Refresh the Kiswahili catalogues of django-allauth's and Django's own messages."

    def handle(self, *args, **options):
        for name in CATALOGUES:
            total, new = refresh(name)
            self.stdout.write(f"{path_of(name)}: {total} messages, {new} new to translate.")
