"""A person's copy of their data: asked on the privacy page, built in the background, a ZIP
with one JSON file per kind of record and the files they uploaded, offered by a link that
is theirs alone, works once and expires."""

import io
import json
import tracemalloc
import zipfile
from datetime import timedelta

import pytest
from django.core import mail
from django.core.signals import request_finished
from django.db import close_old_connections
from django.urls import reverse
from django.utils import timezone

from committees.models import Meeting, Registration
from privacy import archive, services
from privacy.models import DataExport
from tests.factories import UserFactory, document, past_meeting, version
from tests.factories.privacy import EMAIL, NAME, person_who_did_everything

pytestmark = pytest.mark.django_db


def _link(message):
    path = next(line for line in message.body.splitlines() if "/privacy/me/export/" in line)
    return path.split("testserver", 1)[-1] if "testserver" in path else path[path.index("/priv") :]


def _request(client, user, send_on_commit):
    client.force_login(user)
    mail.outbox.clear()
    with send_on_commit():
        response = client.post(reverse("privacy:export_request"))
    assert response.status_code == 302
    return _link(mail.outbox[-1])


def _read(content):
    zf = zipfile.ZipFile(io.BytesIO(content))
    return zf, {name: zf.read(name) for name in zf.namelist()}


def test_the_archive_holds_every_kind_of_record_and_the_files(client, send_on_commit):
    user = person_who_did_everything()

    link = _request(client, user, send_on_commit)
    response = client.get(link)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    _zf, entries = _read(b"".join(response.streaming_content))
    account = json.loads(entries["accounts-account.json"])
    assert account[0]["email"] == EMAIL and account[0]["full_name"] == NAME
    assert len(json.loads(entries["committees-registrations.json"])) == 2
    assert json.loads(entries["members-applications.json"])[0]["organisation_name"] == (
        "Kilifi Cash Partners"
    )
    assert json.loads(entries["bulletin-submissions.json"])[0]["file_name"] == "story.pdf"
    assert {json.loads(entries["privacy-consents.json"])[0]["purpose"]} <= {
        "Read the privacy notice",
        "An account on the portal",
    }
    asked = json.loads(entries["discussions-threads-asked.json"])
    assert [t["title"] for t in asked] == [f"{NAME} asks: how do counties pay by M-Pesa?"]
    posts = json.loads(entries["discussions-posts.json"])
    assert len(posts) == 2 and any(EMAIL in p["body"] for p in posts)
    assert len(json.loads(entries["discussions-helpful-marks.json"])) == 1
    assert json.loads(entries["discussions-flags.json"])[0]["raised_by_me"] is True
    assert len(json.loads(entries["discussions-following.json"])) == 2
    assert json.loads(entries["discussions-notification-preferences.json"])[0]["frequency"] == (
        "Not by e-mail"
    )
    assert json.loads(entries["monitoring-journal-entries.json"])[0]["title"] == (
        f"Lesson from {NAME}"
    )
    recognitions = json.loads(entries["monitoring-recognitions.json"])
    assert sorted(r["granted_to_me"] for r in recognitions) == [False, True]
    assert len(json.loads(entries["monitoring-sign-ins.json"])) == 1
    files = [name for name in entries if name.startswith("files/")]
    assert any(name.endswith("story.pdf") for name in files)
    assert any(name.endswith("registration.pdf") for name in files)
    assert any(name.endswith("report.pdf") for name in files)
    assert entries[next(n for n in files if n.endswith("story.pdf"))].startswith(b"%PDF")


def test_the_link_is_mailed_and_the_request_recorded(client, send_on_commit):
    user = UserFactory()
    _request(client, user, send_on_commit)
    assert mail.outbox[-1].to == [user.email]
    assert "works once" in mail.outbox[-1].body
    assert DataExport.objects.get(user=user).status == DataExport.Status.READY


def test_the_link_works_once(client, send_on_commit):
    user = UserFactory()
    link = _request(client, user, send_on_commit)
    first = client.get(link)
    b"".join(first.streaming_content)
    # The server closes the response once sent (which deletes the archive); in the test's
    # transaction, without closing the database connection as the end of a request does.
    request_finished.disconnect(close_old_connections)
    try:
        first.close()
    finally:
        request_finished.connect(close_old_connections)

    second = client.get(link)

    assert second.status_code == 404
    assert DataExport.objects.get(user=user).status == DataExport.Status.DOWNLOADED
    assert not DataExport.objects.get(user=user).file.storage.exists(
        DataExport.objects.get(user=user).file.name
    )


def test_an_expired_link_is_refused(client, send_on_commit):
    user = UserFactory()
    link = _request(client, user, send_on_commit)
    DataExport.objects.update(expires_at=timezone.now() - timedelta(minutes=1))

    response = client.get(link)

    assert response.status_code == 302
    assert DataExport.objects.get(user=user).status == DataExport.Status.EXPIRED


def test_another_person_cannot_use_the_link(client, send_on_commit):
    owner = UserFactory()
    link = _request(client, owner, send_on_commit)
    client.force_login(UserFactory())

    assert client.get(link).status_code == 404
    client.logout()
    assert client.get(link).status_code == 302  # to sign in, then still 404 for another
    assert DataExport.objects.get(user=owner).status == DataExport.Status.READY


def test_a_made_up_link_is_404(client):
    client.force_login(UserFactory())
    assert client.get(reverse("privacy:export_download", args=["not-a-token"])).status_code == 404


def test_a_second_request_while_one_is_being_prepared_is_refused(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    user = UserFactory()
    client.force_login(user)
    client.post(reverse("privacy:export_request"))

    response = client.post(reverse("privacy:export_request"), follow=True)

    assert "already being prepared" in response.content.decode()
    assert DataExport.objects.filter(user=user).count() == 1


def test_exporting_needs_a_signed_in_person(client):
    response = client.post(reverse("privacy:export_request"))
    assert response.status_code == 302
    assert not DataExport.objects.exists()


def test_the_archive_of_a_long_history_is_written_in_bounded_memory(tmp_path):
    """1,000 attendances and 100 uploads of 200 KB each: the ZIP (about 20 MB of files) is
    written with a small fraction of that in memory."""
    user = UserFactory()
    template = past_meeting()
    meetings = Meeting.objects.bulk_create(
        [Meeting(**_copy(template, title=f"Meeting {number}")) for number in range(1000)]
    )
    Registration.objects.bulk_create(
        [
            Registration(meeting=meeting, user=user, status="confirmed", attended=True)
            for meeting in meetings
        ]
    )
    payload = b"%PDF-1.4\n" + bytes(range(256)) * 800  # about 200 KB
    for _ in range(100):
        version(document(uploaded_by=user, with_file=False), content=payload)

    tracemalloc.start()
    with open(tmp_path / "out.zip", "wb") as out:
        kinds, files = archive.write_archive(user, out)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    assert files == 100
    assert (tmp_path / "out.zip").stat().st_size > 100 * 1024
    with zipfile.ZipFile(tmp_path / "out.zip") as zf:
        assert len(json.loads(zf.read("committees-registrations.json"))) == 1000
    assert peak < 8 * 1024 * 1024, f"peak {peak} bytes"


def _copy(meeting, **changes):
    import uuid

    fields = {
        f.attname: getattr(meeting, f.attname)
        for f in Meeting._meta.concrete_fields
        if f.attname not in ("id", "uid")
    }
    fields["uid"] = uuid.uuid4()
    return {**fields, **changes}


def test_a_failed_build_is_recorded(monkeypatch, client, send_on_commit):
    user = UserFactory()

    def broken(user, out):
        raise OSError("disk full")

    monkeypatch.setattr("privacy.tasks.write_archive", broken)
    client.force_login(user)
    with send_on_commit():  # the worker logs the error; the person sees the failure
        services.export_request(user=user)
    assert DataExport.objects.get(user=user).status == DataExport.Status.FAILED
