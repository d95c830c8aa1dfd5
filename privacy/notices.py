"""The privacy notice's versions. The text of each version is a pair of templates
(``privacy/notices/<version>/en.html`` and ``sw.html``), committed with the code like any
legal text whose wording must be provable: the ledger records which version a person read.

A new version is a new entry at the end of ``VERSIONS`` and its two templates; from its
``effective`` date every signed-in person is asked, once, to read it."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Notice:
    version: str
    effective: datetime.date
    changes: str

    def template(self, language):
        code = "sw" if (language or "").startswith("sw") else "en"
        return f"privacy/notices/{self.version}/{code}.html"


VERSIONS = (
    Notice(
        version="2026-12",
        effective=datetime.date(2026, 12, 1),
        changes=_(
            "The notice now names the data protection officer, the lawful basis of each use, "
            "who receives your data, how long each kind is kept, and how you download your "
            "data, withdraw a consent or close your account yourself."
        ),
    ),
)


def current(on=None):
    """The version in force on a day (today by default)."""
    on = on or timezone.localdate()
    in_force = [notice for notice in VERSIONS if notice.effective <= on]
    return in_force[-1] if in_force else VERSIONS[0]


def by_version(version):
    for notice in VERSIONS:
        if notice.version == version:
            return notice
    return None
