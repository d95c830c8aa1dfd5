import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from members import selectors, services
from members.models import CodeOfConduct, Organisation, OrganisationStatusChange, Person
from tests.factories import OrganisationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_suspension_is_recorded_with_reason_and_mailed_to_focal_people(
    staff_user, mailoutbox, send_on_commit
):
    organisation = OrganisationFactory()
    focal = PersonFactory(organisation=organisation, is_focal_person=True)
    PersonFactory(organisation=organisation)  # not a focal person: not mailed

    with send_on_commit():
        services.organisation_suspend(
            organisation=organisation, reason="Dormant for two years", acting_user=staff_user
        )

    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.SUSPENDED
    change = OrganisationStatusChange.objects.get()
    assert (change.status, change.reason, change.acted_by) == (
        "suspended",
        "Dormant for two years",
        staff_user,
    )
    assert [m.to for m in mailoutbox] == [[focal.user.email]]
    assert "Dormant for two years" in mailoutbox[0].body


def test_people_lose_access_at_suspension_and_regain_it_at_reinstatement(staff_user):
    person = PersonFactory()
    assert selectors.has_member_access(person.user)

    services.organisation_suspend(
        organisation=person.organisation, reason="Review", acting_user=staff_user
    )
    reloaded = type(person.user).objects.get(pk=person.user.pk)
    assert not selectors.has_member_access(reloaded)

    services.organisation_reinstate(
        organisation=person.organisation, reason="Review done", acting_user=staff_user
    )
    reloaded = type(person.user).objects.get(pk=person.user.pk)
    assert selectors.has_member_access(reloaded)
    assert OrganisationStatusChange.objects.count() == 2


def test_a_status_change_needs_a_reason(staff_user):
    organisation = OrganisationFactory()

    with pytest.raises(ValidationError, match="reason"):
        services.organisation_suspend(organisation=organisation, reason=" ", acting_user=staff_user)

    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.ACTIVE
    assert not OrganisationStatusChange.objects.exists()


def test_suspending_a_suspended_organisation_is_refused(staff_user):
    organisation = OrganisationFactory(status=Organisation.Status.SUSPENDED)

    with pytest.raises(ValidationError, match="cannot become suspended"):
        services.organisation_suspend(organisation=organisation, reason="x", acting_user=staff_user)
    assert not OrganisationStatusChange.objects.exists()


def test_a_temporary_participant_loses_access_after_the_end_date():
    today = timezone.localdate()
    person = PersonFactory(
        kind=Person.Kind.TEMPORARY, organisation=None, ends_on=today, objective="Study visit"
    )

    assert person.has_member_access(on=today)
    assert not person.has_member_access(on=today + datetime.timedelta(days=1))
    assert list(Person.objects.with_member_access(on=today)) == [person]
    assert not Person.objects.with_member_access(on=today + datetime.timedelta(days=1)).exists()


def test_an_individual_member_has_access_without_an_organisation():
    person = PersonFactory(kind=Person.Kind.INDIVIDUAL, organisation=None)

    assert selectors.has_member_access(person.user)


def test_a_user_with_no_membership_has_no_access():
    assert not selectors.has_member_access(UserFactory())


def test_member_must_accept_the_current_code_before_seeing_member_content(client):
    code = CodeOfConduct.objects.create(version="1.0", text="Be kind.")
    organisation = OrganisationFactory(contact_email="desk@alpha.example")
    person = PersonFactory()
    client.force_login(person.user)

    html = client.get(organisation.get_absolute_url()).content.decode()
    assert "desk@alpha.example" not in html
    assert "Accept the code of conduct" in html

    conduct = reverse("members:code_of_conduct")
    refused = client.post(conduct, {"next": organisation.get_absolute_url()})
    assert "Tick the box" in refused.content.decode()
    assert not code.acceptances.exists()

    accepted = client.post(conduct, {"accept": "on", "next": organisation.get_absolute_url()})
    assert accepted["Location"] == organisation.get_absolute_url()
    acceptance = code.acceptances.get()
    assert acceptance.user == person.user and acceptance.accepted_at is not None
    assert "desk@alpha.example" in client.get(organisation.get_absolute_url()).content.decode()


def test_a_new_code_version_must_be_accepted_again():
    person = PersonFactory()
    old = CodeOfConduct.objects.create(
        version="1.0", text="Old", published_at=timezone.now() - datetime.timedelta(days=30)
    )
    services.code_of_conduct_accept(user=person.user, code=old)
    assert selectors.has_accepted_current_code(person.user)

    CodeOfConduct.objects.create(version="2.0", text="New")

    # The next request loads the user afresh (the answer is cached per request).
    next_request_user = type(person.user).objects.get(pk=person.user.pk)
    assert not selectors.has_accepted_current_code(next_request_user)


def test_code_of_conduct_refuses_an_outside_next(client, user):
    CodeOfConduct.objects.create(version="1.0", text="Be kind.")
    client.force_login(user)

    response = client.post(
        reverse("members:code_of_conduct"), {"accept": "on", "next": "https://evil.example/"}
    )

    assert response["Location"] == reverse("home")


def test_a_status_change_cannot_take_effect_in_the_future():
    import datetime

    from tests.factories import OrganisationFactory

    organisation = OrganisationFactory()
    with pytest.raises(ValidationError, match="takes effect at once"):
        services.organisation_suspend(
            organisation=organisation,
            reason="Later",
            acting_user=None,
            effective_on=datetime.date.today() + datetime.timedelta(days=3),
        )
    organisation.refresh_from_db()
    assert organisation.status == "active"
