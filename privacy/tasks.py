"""Background work of the privacy app: building a person's archive."""

import logging
import tempfile
import uuid

from django.core.files import File
from django.core.files.storage import default_storage
from django_tasks import task

from . import services
from .archive import write_archive
from .models import DataExport

logger = logging.getLogger(__name__)


@task()
def build_export(*, export_id):
    """Write the person's ZIP to a temporary file on disk (never whole in memory), store it,
    and e-mail the one-time link."""
    export = (
        DataExport.objects.select_related("user")
        .filter(pk=export_id, status=DataExport.Status.PENDING)
        .first()
    )
    if export is None:
        return
    try:
        with tempfile.TemporaryFile() as out:
            write_archive(export.user, out)
            size = out.tell()
            out.seek(0)
            path = default_storage.save(f"privacy/exports/{uuid.uuid4().hex}.zip", File(out))
    except Exception:
        logger.exception("The data export %s could not be built", export_id)
        services.export_failed(export=export)
        raise
    services.export_ready(export=export, path=path, size=size)
