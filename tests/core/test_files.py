from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

from core import files


def stored(tmp_path, name, data):
    storage = FileSystemStorage(location=tmp_path)
    saved = storage.save(name, ContentFile(data))

    class Field:
        def __init__(self):
            self.name = saved
            self.storage = storage

        def open(self, mode):
            return storage.open(saved, mode)

    return Field()


def test_a_served_file_runs_nothing_and_is_never_sniffed_or_shared(tmp_path, settings):
    settings.PROTECTED_MEDIA_ACCEL_PREFIX = ""
    field = stored(tmp_path, "report.pdf", b"%PDF-1.4 <script>alert(1)</script>")

    response = files.serve(field, content_type=files.PDF, filename="Ripoti ya mwaka.pdf")

    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"] == "inline; filename*=UTF-8''Ripoti%20ya%20mwaka.pdf"


def test_behind_the_web_server_the_file_is_handed_over_with_the_same_policy(tmp_path, settings):
    settings.PROTECTED_MEDIA_ACCEL_PREFIX = "/protected/"
    field = stored(tmp_path, "logo.png", b"\x89PNG\r\n")

    response = files.serve(field, content_type=files.PNG, filename="logo.png", inline=False)

    assert response["X-Accel-Redirect"] == "/protected/" + field.name
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert response["Content-Disposition"].startswith("attachment;")


def test_a_file_in_object_storage_is_handed_over_by_its_signed_address(settings):
    """S3 has no local path: the web server is sent to the storage's signed URL, through
    the internal location that proxies to the bucket, never to a public bucket address."""
    from django.core.files.storage import Storage

    class Bucket(Storage):
        def path(self, name):
            raise NotImplementedError

        def url(self, name):
            return f"https://s3.example.org/cop-files/{name}?X-Amz-Signature=abc&X-Amz-Expires=60"

    class Field:
        name = "documents/2026/report.pdf"
        storage = Bucket()

    settings.PROTECTED_MEDIA_ACCEL_PREFIX = "/protected/"

    response = files.serve(Field(), content_type=files.PDF, filename="report.pdf")

    assert response["X-Accel-Redirect"] == (
        "/protected/cop-files/documents/2026/report.pdf?X-Amz-Signature=abc&X-Amz-Expires=60"
    )
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"


def test_a_pdf_with_its_header_within_the_first_1024_bytes_is_accepted():
    import pytest
    from django.core.exceptions import ValidationError

    from tests.factories import samples

    late = samples.upload("report.pdf", samples.pdf_with_prefix("Inua Jamii"))
    assert files.check_upload(late, allowed=files.DOCUMENT_EXTENSIONS, max_bytes=10**6)
    too_late = samples.upload("report.pdf", b"x" * 1100 + samples.pdf("Inua Jamii"))
    with pytest.raises(ValidationError, match="not a real PDF"):
        files.check_upload(too_late, allowed=files.DOCUMENT_EXTENSIONS, max_bytes=10**6)
