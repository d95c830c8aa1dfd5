"""Contact persons typed into an application are told they were named: by whom, why and how
to object, once, after the submission commits."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from members import services
from members.models import ApplicationContact
from tests.factories import draft_application
from tests.factories.applications import COLLEAGUE

pytestmark = pytest.mark.django_db


def _named_mails():
    return [m for m in mail.outbox if "named" in m.subject]


def test_a_named_contact_is_told_by_whom_why_and_how_to_object(send_on_commit):
    application = draft_application()
    mail.outbox.clear()

    with send_on_commit():
        services.application_submit(application=application, acting_user=application.applicant)

    [message] = _named_mails()
    assert message.to == [COLLEAGUE["email"]]
    assert application.applicant.full_name in message.body
    assert "Pwani Cash Alliance" in message.body
    assert "data protection officer" in message.body
    assert "Office of the Data Protection Commissioner" in message.body
    assert ApplicationContact.objects.get(email=COLLEAGUE["email"]).told_at is not None


def test_the_applicant_is_not_told_they_named_themselves(send_on_commit):
    application = draft_application(contacts=())
    mail.outbox.clear()
    with send_on_commit():
        services.application_submit(application=application, acting_user=application.applicant)
    assert _named_mails() == []


def test_a_contact_is_told_once_across_resubmissions(send_on_commit):
    from tests.factories import application_under_review, decider

    application = application_under_review()
    services.application_decide(
        application=application,
        decision=services.Decision.MORE_INFORMATION,
        reason="Which counties?",
        acting_user=decider(),
    )
    mail.outbox.clear()
    with send_on_commit():
        services.application_submit(
            application=application, acting_user=application.applicant, answer="Kilifi."
        )
    assert _named_mails() == []


def test_a_refused_submission_tells_no_one(send_on_commit):
    application = draft_application()
    application.description = ""
    application.save()
    mail.outbox.clear()
    with send_on_commit(), pytest.raises(ValidationError):
        services.application_submit(application=application, acting_user=application.applicant)
    assert _named_mails() == []
    assert ApplicationContact.objects.get(email=COLLEAGUE["email"]).told_at is None
