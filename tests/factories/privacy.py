"""A person who did everything a person can do on the portal, for the tests of export and
account closure; and helpers to read an export."""

import datetime

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from bulletin import services as bulletin_services
from bulletin.models import Edition, Submission, SubmissionEvent
from committees.models import ActionNote, CalendarFeed, Resolution
from discussions import services as discussion_services
from discussions.models import NotificationPreference
from members.models import (
    ApplicationEvent,
    Invitation,
    MembershipApplication,
    Organisation,
    Recommendation,
)
from monitoring import services as monitoring_services
from monitoring.models import JournalEntry, JournalEvent, Recognition
from privacy import services as privacy_services
from privacy.models import Breach, Consent, DataSubjectRequest
from privacy.tasks import build_export
from repository.models import DocumentEvent, FeedToken
from tests.factories import discussions as discussion_factories
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.applications import COLLEAGUE, draft_application, submitted_application
from tests.factories.committees import action_item, meeting, oversight, past_meeting, register, seat
from tests.factories.members import OrganisationFactory, PersonFactory
from tests.factories.repository import document
from tests.factories.samples import PDF_BYTES
from tests.factories.twg import working_group
from twg.models import JoinRequest

NAME = "Zawadi Nyambura-Oketch"
EMAIL = "zawadi.nyambura@kilifi-cash.example"
PHONE = "+254 700 918 273"


def person_who_did_everything(*, name=NAME, email=EMAIL, phone=PHONE):
    """A focal person who signed up, consented, applied, reviewed, sat on a committee,
    attended, recorded, uploaded, submitted to the bulletin, subscribed, was invited and
    invited others, asked for her data, and appears in the admin's log and the registers."""
    user = UserFactory(full_name=name, email=email, phone=phone, password=PASSWORD)
    TOTP.activate(user, generate_totp_secret())
    privacy_services.consent_record_signup(user=user)
    privacy_services.consent_give(user=user, purpose=Consent.Purpose.DIGESTS)
    privacy_services.consent_give(user=user, purpose=Consent.Purpose.BULLETIN)

    organisation = OrganisationFactory(contact_email=email, contact_phone=phone)
    PersonFactory(user=user, organisation=organisation, is_focal_person=True)

    # Her own draft application (she is its first contact); and another's, naming her.
    draft_application(
        applicant=user,
        name="Kilifi Cash Partners",
        contacts=(),
        justification=f"{name} has run cash transfers since 2015.",
    )
    other = submitted_application(
        name="Malindi Resilience Network",
        contacts=(COLLEAGUE, {"full_name": name, "job_title": "Adviser", "email": email}),
    )
    Recommendation.objects.create(
        application=other,
        review_round=1,
        reviewer=user,
        verdict="approve",
        alignment="strong",
        value_added="strong",
        credibility="strong",
        scope="strong",
        reason=f"Recommended by {name} after a visit.",
    )
    ApplicationEvent.objects.create(
        application=other, action="submitted", actor=user, note=f"Call {phone} for details."
    )
    MembershipApplication.objects.filter(pk=other.pk).update(decision_reason=f"Seconded by {name}.")
    Invitation.objects.create(
        purpose=Invitation.Purpose.JOIN,
        email=email,
        full_name=name,
        organisation=OrganisationFactory(),
        token_hash="a" * 64,
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )
    Invitation.objects.create(
        purpose=Invitation.Purpose.JOIN,
        email="colleague@kilifi-cash.example",
        full_name="Amani Chege",
        organisation=organisation,
        invited_by=user,
        token_hash="b" * 64,
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )

    # Committees: a seat, attendance, a meeting she convened, a resolution, an action.
    body = oversight()
    seat(body, user)
    held = past_meeting(body, minutes=f"{name} presented the county report.", created_by=user)
    register(held, user, attended=True)
    register(meeting(body), user)
    Resolution.objects.create(meeting=held, text=f"{name} to circulate the note.", recorded_by=user)
    action = action_item(held, owner_user=user, created_by=user, title=f"{name}: circulate")
    ActionNote.objects.create(action=action, author=user, text="Sent.", status="done")
    CalendarFeed.objects.create(user=user, token="c" * 40)

    # Working groups.
    group = working_group()
    JoinRequest.objects.create(working_group=group, user=user, motivation=f"I am {name}.")

    # Repository: a document she uploaded, naming her as author.
    doc = document(uploaded_by=user, authors=name, organisation=organisation)
    DocumentEvent.objects.create(document=doc, action="uploaded", actor=user, note=email)
    FeedToken.objects.create(user=user, token="d" * 40)

    # Bulletin: a submission with a file, an edition she created, her subscription.
    submission = bulletin_services.submission_create(
        acting_user=user,
        kind=Submission.Kind.ARTICLE,
        title=f"Cash in Kilifi, by {name}",
        description=f"Write to {email}.",
        link="https://example.org/kilifi",
    )
    submission.file.save("upload", SimpleUploadedFile("story.pdf", PDF_BYTES), save=False)
    submission.file_name = "story.pdf"
    submission.file_extension = "pdf"
    submission.status = Submission.Status.DECLINED
    submission.save()
    SubmissionEvent.objects.create(submission=submission, action="declined", actor=user)
    Edition.objects.create(title="2030 Q1", year=2030, quarter=1, created_by=user)

    # Discussions: she asks (naming herself), answers another's question, marks an answer
    # helpful, flags one quoting her phone, follows a thread and sets how she hears of news;
    # another member quotes her name and address in an answer.
    asked = discussion_services.thread_create(
        acting_user=user,
        title=f"{name} asks: how do counties pay by M-Pesa?",
        body=f"I am {name}, reach me at {email} or {phone}.",
    )
    discussion_factories.answer(asked, body=f"Thanks {name}, I wrote to {email}.")
    other_thread = discussion_factories.thread()
    discussion_services.answer_create(
        thread=other_thread, acting_user=user, body=f"In Kilifi we pay monthly. {name}"
    )
    helped = discussion_factories.answer(other_thread)
    discussion_services.helpful_toggle(post=helped, acting_user=user)
    discussion_services.flag_create(
        post=discussion_factories.answer(other_thread),
        acting_user=user,
        reason=f"Posts my number {phone} without asking.",
    )
    discussion_services.thread_follow(thread=other_thread, acting_user=user)
    discussion_services.preferences_save(
        acting_user=user,
        frequencies={NotificationPreference.Kind.ANSWER: NotificationPreference.Frequency.NONE},
    )

    # Monitoring: her sign-in this quarter, a journal entry she wrote (as content
    # coordinator), a recognition granted to her and one she granted to an organisation.
    monitoring_services.sign_in_record(user=user)
    entry = JournalEntry.objects.create(
        kind=JournalEntry.Kind.LESSON,
        title=f"Lesson from {name}",
        text=f"{name} showed that monthly pay works; ask {email}.",
        recorded_on=datetime.date(2030, 2, 1),
        year=2030,
        quarter=1,
        author=user,
    )
    JournalEvent.objects.create(entry=entry, action=JournalEvent.Action.CREATED, actor=user)
    period = {"period_start": datetime.date(2029, 1, 1), "period_end": datetime.date(2029, 12, 31)}
    Recognition.objects.create(
        award="Champion of the year",
        citation=f"{name} answered more questions than anyone.",
        user=user,
        granted_by=UserFactory(),
        **period,
    )
    Recognition.objects.create(
        award="Partner of the year",
        citation=f"Nominated by {name}.",
        organisation=OrganisationFactory(),
        granted_by=user,
        **period,
    )

    # The admin's log, a background task holding an e-mail to her, the registers.
    staff = UserFactory(is_staff=True)
    LogEntry.objects.create(
        user=staff,
        content_type=ContentType.objects.get_for_model(user),
        object_id=str(user.pk),
        object_repr=name,
        action_flag=CHANGE,
        change_message=f"Changed the phone of {name}.",
    )
    DBTaskResult.objects.create(
        status="SUCCESSFUL",
        args_kwargs={"args": [], "kwargs": {"to": [email], "text": f"Dear {name}"}},
        task_path="core.mail.deliver_email",
        backend_name="default",
        run_after=timezone.now(),
        exception_class_path="",
        traceback="",
    )
    DataSubjectRequest.objects.create(
        kind="access", requester_name=name, requester_email=email, user=user, details="A copy."
    )
    breach = Breach.objects.create(
        title="Lost laptop", description="A laptop was lost.", discovered_at=timezone.now()
    )
    breach.people.add(user)
    # A data export she asked for, built (its archive is a file of hers too).
    export = privacy_services.export_request(user=user)
    build_export.call(export_id=export.pk)
    return user


__all__ = ["NAME", "EMAIL", "PHONE", "person_who_did_everything", "Organisation"]
