"""The whole-CoP generator (``manage.py generate_cop``) at a tiny scale: the counts its
scale says, data the models' rules accept, and the key pages answering for its known
logins. PostgreSQL only, as the command is (it writes with COPY)."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone

from bulletin.models import Edition, Submission
from committees.models import Body, Meeting, Registration, Seat
from demo.management.commands.generate_cop import ACCOUNTS, PASSWORD, plan
from members.models import MembershipApplication, Organisation, Person, ReachFigure
from repository.models import Document
from tests.factories.accounts import confirm_second_factor
from twg.models import WorkingGroup

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the generator writes with COPY"
)
SCALE = 0.002


def generate():
    out = StringIO()
    # One connection: the test's transaction must see every row.
    call_command("generate_cop", scale=SCALE, workers=1, stdout=out)
    return out.getvalue()


@postgresql_only
def test_counts_are_what_the_scale_says(reference_data):
    output = generate()

    counts = plan(SCALE)
    assert counts["organisations"] == 12  # 2,000 x 0.002 = 4, raised to the minimum
    assert counts["people"] == 40
    assert counts["documents"] == 200
    assert Organisation.objects.count() == counts["organisations"]
    assert Person.objects.count() == counts["people"]
    assert Body.objects.count() == counts["bodies"] == 6
    assert WorkingGroup.objects.count() == counts["working groups"] == 2
    assert Body.objects.filter(kind=Body.Kind.COUNTY).count() == counts["county committees"]
    assert Meeting.objects.count() == counts["meetings"] == 20
    assert Document.objects.count() == counts["documents"]
    assert Edition.objects.published().count() == Edition.objects.count() == counts["editions"]
    assert MembershipApplication.objects.count() == counts["applications"]
    assert Registration.objects.exists()
    assert ReachFigure.objects.exists()
    assert Seat.objects.exists()
    assert Submission.objects.pending().exists()
    # Every part says how long it took, and the whole run too.
    for part in ("organisations and people", "meetings", "documents", "bulletin"):
        assert part in output
    assert f"A CoP at scale {SCALE:g} in" in output


@postgresql_only
def test_generated_data_keeps_the_models_rules(reference_data):
    generate()

    # Every active member organisation has a focal person with access.
    without_focal = Organisation.objects.active().exclude(
        people__is_focal_person=True, people__removed_at=None
    )
    assert not without_focal.exists()
    # Every established working group has a current chair and a lead agency; terminated
    # groups have no current seat left.
    for group in WorkingGroup.objects.select_related("body"):
        current = Seat.objects.current().filter(body=group.body)
        if group.status == WorkingGroup.Status.ESTABLISHED:
            assert current.filter(role=Seat.Role.CHAIR).exists(), group
            assert group.lead_agency is not None
        if group.status == WorkingGroup.Status.TERMINATED:
            assert not current.exists()
    # Meetings in the past are held or cancelled; coming ones are scheduled or cancelled.
    now = timezone.now()
    assert not Meeting.objects.filter(status=Meeting.Status.SCHEDULED, ends_at__lt=now).exists()
    assert not Meeting.objects.filter(status=Meeting.Status.HELD, starts_at__gt=now).exists()
    # No meeting has more confirmed places than it has.
    over = (
        Meeting.objects.filter(capacity__isnull=False)
        .annotate(n=Count("registrations", filter=Q(registrations__status="confirmed")))
        .filter(n__gt=F("capacity"))
    )
    assert not over.exists()
    # The review queue has rows.
    assert MembershipApplication.objects.filter(
        status=MembershipApplication.Status.UNDER_REVIEW
    ).exists()


@postgresql_only
def test_known_logins_open_the_key_pages(reference_data, client):
    generate()
    member = get_user_model().objects.get(email="member@example.invalid")
    group = WorkingGroup.objects.filter(
        body__seats__user=member, status=WorkingGroup.Status.ESTABLISHED
    ).first()
    assert group is not None, "the member login sits on a working group"
    organisation = Organisation.objects.active().order_by("pk").first()
    document = Document.objects.filter(
        visibility=Document.Visibility.PUBLIC,
        public_status=Document.PublicStatus.APPROVED,
        withdrawn_at__isnull=True,
    ).first()
    edition = Edition.objects.published().first()

    assert client.login(email="member@example.invalid", password=PASSWORD)
    for url in (
        "/",
        reverse("members:directory"),
        organisation.get_absolute_url(),
        "/events/",
        group.get_absolute_url(),
        reverse("repository:list"),
        document.get_absolute_url(),
        edition.get_absolute_url(),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    assert Registration.objects.filter(user=member, meeting__starts_at__gt=timezone.now()).exists()

    client.logout()
    assert client.login(email="committee@example.invalid", password=PASSWORD)
    # Reviewing is a privileged right: the reviewer has entered their code (decision 0028).
    committee = get_user_model().objects.get(email="committee@example.invalid")
    confirm_second_factor(client, committee)
    response = client.get(reverse("members:review_queue"))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) > 0  # applications under review


@postgresql_only
def test_every_known_login_signs_in(reference_data, client):
    generate()
    for spec in ACCOUNTS:
        assert client.login(email=spec["email"], password=PASSWORD), spec["email"]
        client.logout()


@postgresql_only
def test_a_database_with_content_is_refused(reference_data):
    get_user_model().objects.create_user(email="someone@example.org", password="x")
    with pytest.raises(CommandError, match="empty"):
        call_command("generate_cop", scale=SCALE, workers=1, stdout=StringIO())


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the SQLite refusal")
@pytest.mark.django_db
def test_sqlite_is_refused():
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("generate_cop", scale=SCALE, stdout=StringIO())
