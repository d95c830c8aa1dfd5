"""Every write of the monitoring app. It writes only its own records."""

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import indicators, selectors
from .models import QuarterSignIn, Snapshot
from .quarters import Quarter


def sign_in_record(*, user):
    """Note that ``user`` signed in this quarter (the first time only: one row a quarter)."""
    now = timezone.now()
    quarter = Quarter.of(timezone.localdate(now))
    try:
        with transaction.atomic():
            QuarterSignIn.objects.get_or_create(
                user=user, year=quarter.year, quarter=quarter.number, defaults={"first_at": now}
            )
    except IntegrityError:
        # Two sign-ins at once: the other one wrote the row.
        pass


def _changes(old, new):
    """The figures and tables that differ between two computations, as "block.key"."""
    changed = []
    old_blocks, new_blocks = old.get("blocks", {}), new.get("blocks", {})
    for block, values in new_blocks.items():
        before = old_blocks.get(block, {})
        for kind in ("figures", "tables"):
            for key, value in values.get(kind, {}).items():
                if before.get(kind, {}).get(key) != value:
                    changed.append(f"{block}.{key}")
    return changed


def snapshot_take(*, quarter, acting_user=None, today=None):
    """Compute ``quarter`` and store it. The same figures as the latest version store
    nothing new (taking a quarter twice gives one snapshot); different figures (late data)
    become the next version, with what changed listed. Returns ``(snapshot, created)``.

    ``acting_user`` None is the scheduled command; a person must be in the administration
    team."""
    if acting_user is not None and not selectors.can_take_snapshots(acting_user):
        raise PermissionDenied
    if quarter.is_future(today):
        raise ValidationError(_("That quarter has not begun."), code="future_quarter")
    with transaction.atomic():
        # Lock the quarter's latest version so two runs at once make one version.
        latest = Snapshot.objects.select_for_update().of(quarter).filter(is_latest=True).first()
        readings = selectors.readings_for(quarter, latest=latest, today=today)
        data = indicators.compute(quarter, readings=readings, today=today)
        if latest is not None and latest.data == data:
            return latest, False
        version = 1
        changed = []
        if latest is not None:
            version = latest.version + 1
            changed = _changes(latest.data, data)
            Snapshot.objects.filter(pk=latest.pk).update(is_latest=False)
        snapshot = Snapshot.objects.create(
            year=quarter.year,
            quarter=quarter.number,
            version=version,
            is_latest=True,
            data=data,
            computed_at=timezone.now(),
            computed_by=acting_user,
            changed=changed,
        )
    cache.delete(selectors.live_cache_key(quarter))
    return snapshot, True
