"""Two deciders acting at the same moment: exactly one decision. PostgreSQL only: SQLite
serialises writers on its own, so the row lock is what this test exercises."""

import threading

import pytest
from django.core import mail
from django.db import connection

from members import services
from members.models import ApplicationEvent, MembershipApplication, Organisation
from tests.factories import application_under_review, decider

ATTEMPTS = 15


@pytest.mark.django_db(transaction=True)
def test_two_deciders_at_once_make_exactly_one_decision(reference_data):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are exercised on PostgreSQL (the CI runs this suite on it too)")
    first, second = decider(), decider()
    for attempt in range(ATTEMPTS):
        application = application_under_review(name=f"Race Organisation {attempt}")
        mail.outbox.clear()
        decisions = ["approve", "approve"] if attempt % 2 == 0 else ["approve", "decline"]
        barrier = threading.Barrier(2)
        outcomes = []

        def decide(user, decision, application=application, barrier=barrier, outcomes=outcomes):
            try:
                barrier.wait(timeout=10)
                services.application_decide(
                    application=application,
                    decision=decision,
                    reason=f"{decision} by {user.pk}",
                    acting_user=user,
                )
                outcomes.append("decided")
            except services.AlreadyDecided:
                outcomes.append("already decided")
            finally:
                connection.close()

        threads = [
            threading.Thread(target=decide, args=(user, decision))
            for user, decision in zip([first, second], decisions, strict=True)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

        assert sorted(outcomes) == ["already decided", "decided"], attempt
        application.refresh_from_db()
        assert application.status in {"approved", "declined"}
        decided_events = application.events.filter(
            action__in=[ApplicationEvent.Action.APPROVED, ApplicationEvent.Action.DECLINED]
        )
        assert decided_events.count() == 1
        organisations = Organisation.objects.filter(name=f"Race Organisation {attempt}")
        applicant_mail = [m for m in mail.outbox if m.to == [application.applicant.email]]
        assert len(applicant_mail) == 1
        if application.status == MembershipApplication.Status.APPROVED:
            assert organisations.count() == 1
            invitations = [m for m in mail.outbox if m.to == ["baraka@pwani.example"]]
            assert len(invitations) == 1
        else:
            assert organisations.count() == 0
