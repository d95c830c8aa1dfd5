"""The registry through which every app contributes the export and the erasure of the
personal data it owns (Kenya Data Protection Act 2019, ss. 26, 38 and 40).

Each app that keeps something about a person has a ``personal_data.py`` module that calls
:func:`register` with one :class:`Contribution`: the models it covers, an exporter and an
eraser. The ``privacy`` app (high in the layers) runs them all: it builds the person's ZIP
from the exporters and closes an account by running every eraser in one transaction. No
app imports upward: a low app only fills the registry, which lives here, at the bottom.

- ``export(user)`` yields ``(kind, rows)`` pairs: ``kind`` names one JSON file of the ZIP
  (``"members-applications"``), ``rows`` is an iterable of JSON-able dicts, read lazily
  (``.iterator()``) so that a long history never sits in memory at once.
- ``files(user)`` yields :class:`ExportFile` for each file the person uploaded.
- ``erase(user, erasure)`` anonymises or deletes, inside the closing transaction, what the
  app holds about the person. It reads the person's former name, e-mail and phone from the
  :class:`Erasure` (the account row may already be anonymised) and hands files to
  ``erasure.delete_file`` instead of deleting them itself: files go only after the commit,
  so a storage error can never leave a half-closed account.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import Model
from django.dispatch import Signal
from django.utils.module_loading import autodiscover_modules

FORMER_MEMBER = "Former member"

# Sent when a person gives or withdraws a consent in the ledger (``user``, ``purpose``,
# ``given``): an app that honours a consent it does not own (the digests of discussions, the
# directory) listens here instead of importing the ledger's app.
consent_changed = Signal()


@dataclass(frozen=True)
class ExportFile:
    """One uploaded file for the ZIP: its path inside the archive and where it is stored."""

    name: str
    storage: object
    path: str


@dataclass
class Erasure:
    """What an eraser needs to know about the person being erased, and where it puts the
    files to delete once the closing transaction has committed."""

    user_id: int
    full_name: str
    email: str
    phone: str
    files: list = field(default_factory=list)

    @property
    def placeholder_email(self):
        """An address that can never receive mail (``.invalid`` is reserved, RFC 2606) and
        is unique per person, for columns that must hold an address."""
        return f"former-member-{self.user_id}@closed.invalid"

    def delete_file(self, storage, path):
        """Ask for a stored file to be deleted after the commit."""
        if path:
            self.files.append((storage, path))

    def scrub(self, text):
        """``text`` with the person's name, e-mail and phone replaced (case-insensitive)."""
        import re

        for value, replacement in (
            (self.email, self.placeholder_email),
            (self.full_name, FORMER_MEMBER),
            (self.phone, ""),
        ):
            if value and text:
                text = re.sub(re.escape(value), replacement, text, flags=re.IGNORECASE)
        return text


@dataclass(frozen=True)
class Contribution:
    app_label: str
    models: tuple[str, ...]
    export: Callable[[Model], Iterable[tuple[str, Iterable[dict]]]]
    erase: Callable[[Model, Erasure], None]
    files: Callable[[Model], Iterable[ExportFile]] = lambda user: ()


# The controller and its data protection officer, as the notice and the e-mails that
# concern a person's data name them; each can be set in the settings (set them to the
# Secretariat's registration with the ODPC in production).
CONTACT_DEFAULTS = {
    "PRIVACY_CONTROLLER": "Kenya National Social Protection Secretariat",
    "PRIVACY_CONTROLLER_EMAIL": "info@socialprotection.or.ke",
    "PRIVACY_DPO_EMAIL": "info@socialprotection.or.ke",
}


def contact(name):
    """``"PRIVACY_CONTROLLER"``, ``"PRIVACY_CONTROLLER_EMAIL"`` or ``"PRIVACY_DPO_EMAIL"``."""
    from django.conf import settings

    return getattr(settings, name, CONTACT_DEFAULTS[name])


_registry: dict[str, Contribution] = {}
_discovered = False


def register(contribution: Contribution) -> None:
    """Add an app's contribution (once; a second one for the same app replaces the first,
    which is what a reloaded module does)."""
    _registry[contribution.app_label] = contribution


def contributions() -> list[Contribution]:
    """Every app's contribution, in the order of INSTALLED_APPS (lowest layer first)."""
    global _discovered
    if not _discovered:
        autodiscover_modules("personal_data")
        _discovered = True
    from django.apps import apps

    order = {config.label: index for index, config in enumerate(apps.get_app_configs())}
    return sorted(_registry.values(), key=lambda c: order.get(c.app_label, len(order)))


def covered_models() -> set[str]:
    """The labels (``"members.Person"``) of every model some contribution covers."""
    return {label for contribution in contributions() for label in contribution.models}


def stored_file(name, field_file) -> Iterator[ExportFile]:
    """An :class:`ExportFile` for a model's file field, if it holds a file."""
    if field_file:
        yield ExportFile(name=name, storage=field_file.storage, path=field_file.name)


def scrub_column(model, name, erasure, queryset=None):
    """Replace the person's name, e-mail and phone wherever they were written in one text
    column of a model (a note, minutes, a list of authors)."""
    from django.db.models import Q

    mentions = Q()
    for value in (erasure.full_name, erasure.email, erasure.phone):
        if value:
            mentions |= Q(**{f"{name}__icontains": value})
    if not mentions:
        return
    rows = (queryset if queryset is not None else model.objects.all()).filter(mentions)
    for obj in rows.only("pk", name).iterator():
        setattr(obj, name, erasure.scrub(getattr(obj, name)))
        obj.save(update_fields=[name])


def when(value):
    """A date or time as ISO 8601 text, or ``None``."""
    return value.isoformat() if value else None


def record(obj, *names):
    """A JSON-able dict of the named attributes of ``obj``: dates as ISO 8601, related
    objects as their text, choices as their label, other values as they are."""
    import datetime

    row = {}
    for name in names:
        display = getattr(obj, f"get_{name}_display", None)
        value = display() if display else getattr(obj, name)
        if isinstance(value, (datetime.date, datetime.datetime)):
            value = value.isoformat()
        elif value is not None and not isinstance(value, (str, int, float, bool, list, dict)):
            value = str(value)  # a Decimal, a related object, a UUID
        row[name] = value
    return row


# What core itself holds about a person: sessions, the admin's change log, and the results
# of background tasks (an e-mail task keeps its recipients and text until it is purged).


def _core_export(user):
    from django.contrib.admin.models import LogEntry

    entries = LogEntry.objects.filter(user=user).order_by("action_time").iterator()
    yield (
        "core-admin-changes",
        (
            {
                "when": when(entry.action_time),
                "object": entry.object_repr,
                "action": entry.get_action_flag_display(),
                "change": entry.get_change_message(),
            }
            for entry in entries
        ),
    )


def _core_erase(user, erasure):
    from django.contrib.admin.models import LogEntry
    from django.contrib.sessions.models import Session
    from django.db.models import Q, TextField
    from django.db.models.functions import Cast
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    # Sessions carry no user column: read each live one (closing an account is rare).
    signed_in = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk)
    ]
    Session.objects.filter(pk__in=signed_in).delete()
    mentions = Q()
    for value in (erasure.full_name, erasure.email, erasure.phone):
        if value:
            mentions |= Q(object_repr__icontains=value) | Q(change_message__icontains=value)
    if mentions:
        for entry in LogEntry.objects.filter(mentions).iterator():
            entry.object_repr = erasure.scrub(entry.object_repr)[:200]
            entry.change_message = erasure.scrub(entry.change_message)
            entry.save(update_fields=["object_repr", "change_message"])
    if erasure.email:
        # Mail tasks hold the address and the text: the sent, the failed and the waiting
        # (a message still waiting would go to an account that no longer exists).
        DBTaskResult.objects.annotate(text=Cast("args_kwargs", TextField())).filter(
            text__icontains=erasure.email
        ).delete()


register(
    Contribution(
        app_label="core",
        models=("admin.LogEntry", "sessions.Session", "django_tasks_database.DBTaskResult"),
        export=_core_export,
        erase=_core_erase,
    )
)
