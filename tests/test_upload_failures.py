"""Every upload path, when the storage fails half way (a full disk): the error reaches the
caller, and neither a row nor a partial file is left. The repository's own paths are tested in
``tests/repository/test_upload_failures.py``; these are the membership application's
due-diligence documents, organisations' logos and bulletin submissions' files."""

import pytest
from django.conf import settings as django_settings

from bulletin.models import Submission, SubmissionEvent
from core import files
from members import services as member_services
from members.models import ApplicationDocument, Organisation
from tests import factories
from tests.factories import image_upload, pdf_upload
from tests.factories import submission as submission_of

pytestmark = pytest.mark.django_db


def files_under(settings, folder):
    root = settings.MEDIA_ROOT / folder
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_an_application_document_cut_off_leaves_no_row_and_no_file(failing_storage, settings):
    applicant = factories.UserFactory()
    application, _ = member_services.application_start(applicant=applicant, kind="institutional")

    with pytest.raises(OSError, match="No space left"):
        member_services.document_add(
            application=application,
            kind="registration",
            upload=pdf_upload("registration.pdf"),
            content_type=files.PDF,
            acting_user=applicant,
        )

    assert failing_storage.writes == 1
    assert not ApplicationDocument.objects.exists()
    assert files_under(settings, "applications") == []


def test_a_logo_cut_off_leaves_the_organisation_as_it_was_and_no_file(failing_storage, settings):
    focal = factories.focal_person()
    organisation = focal.organisation
    before = Organisation.objects.values().get(pk=organisation.pk)

    with pytest.raises(OSError, match="No space left"):
        member_services.organisation_profile_update(
            organisation=organisation,
            acting_user=focal.user,
            pillars=list(organisation.pillars.all()),
            counties=list(organisation.counties.all()),
            logo=image_upload("logo.png"),
            description="A new description",
        )

    assert failing_storage.writes == 1
    assert Organisation.objects.values().get(pk=organisation.pk) == before
    assert files_under(settings, "logos") == []


def test_a_submission_file_cut_off_leaves_no_submission_and_no_file(failing_storage, settings):
    upload = pdf_upload("study.pdf")
    checked = files.check_upload(
        upload, allowed=files.DOCUMENT_EXTENSIONS, max_bytes=django_settings.REPOSITORY_MAX_SIZE
    )

    with pytest.raises(OSError, match="No space left"):
        submission_of(link="", upload=upload, checked=checked)

    assert failing_storage.writes == 1
    assert not Submission.objects.exists()
    assert not SubmissionEvent.objects.exists()
    assert files_under(settings, "bulletin") == []
