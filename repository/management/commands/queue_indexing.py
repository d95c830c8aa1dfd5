from django.core.management.base import BaseCommand

from repository import tasks
from repository.models import Document


class Command(BaseCommand):
    help = (
        "Queue the text extraction again for documents still waiting to be indexed (their "
        "task was lost, e.g. the queue refused it), or with --failed for those whose reading "
        "failed. Safe to run twice: a task for a version that is no longer the newest does "
        "nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--failed", action="store_true", help="also retry documents marked not searchable"
        )

    def handle(self, *args, failed, **options):
        statuses = [Document.IndexStatus.PENDING]
        if failed:
            statuses.append(Document.IndexStatus.FAILED)
        queued = 0
        documents = Document.objects.filter(index_status__in=statuses, withdrawn_at__isnull=True)
        for document in documents.prefetch_related("versions").iterator(chunk_size=500):
            newest = max(document.versions.all(), key=lambda v: v.number, default=None)
            if newest is not None:
                tasks.index_document.enqueue(version_id=newest.pk)
                queued += 1
        noun = "document" if queued == 1 else "documents"
        self.stdout.write(self.style.SUCCESS(f"{queued} {noun} queued for indexing."))
