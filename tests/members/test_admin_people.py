"""People in the admin: removing someone and the focal flag go through the services, which
end the access and tell the person, as on the focal person's pages."""

import pytest
from django.urls import reverse

from members.models import Person, PersonEvent
from tests.factories import (
    OrganisationFactory,
    PersonFactory,
    admin_action,
    admin_login,
    focal_person,
    messages_of,
    staff_member,
)

pytestmark = pytest.mark.django_db

MODEL = "members_person"


def test_the_person_form_shows_the_focal_flag_and_removal_without_fields_for_them(admin_client):
    person = PersonFactory()

    html = admin_client.get(reverse("admin:members_person_change", args=[person.pk])).content
    html = html.decode()

    assert 'name="is_focal_person"' not in html
    assert 'name="removed_at"' not in html


def test_the_organisation_form_shows_its_people_without_those_fields(admin_client):
    person = PersonFactory()

    url = reverse("admin:members_organisation_change", args=[person.organisation.pk])
    html = admin_client.get(url).content.decode()

    assert 'name="people-0-user"' in html
    assert 'name="people-0-is_focal_person"' not in html
    assert 'name="people-0-removed_at"' not in html


def test_removing_a_person_from_the_admin_ends_their_access_and_tells_them(
    admin_client, staff_user, mailoutbox, send_on_commit
):
    person = PersonFactory(is_focal_person=True, organisation__name="Alpha Trust")

    with send_on_commit():
        response = admin_action(admin_client, MODEL, "person_remove", [person])

    person.refresh_from_db()
    assert person.removed_at is not None
    assert not person.is_focal_person
    assert [m.to for m in mailoutbox] == [[person.user.email]]
    body = mailoutbox[0].body
    assert f"{staff_user.full_name}, of the CoP's administration team" in body
    assert "Alpha Trust" in body
    assert messages_of(response) == [("success", "1 person(s) removed: each was told by e-mail.")]


def test_a_person_removed_since_the_list_was_shown_is_refused_and_told_once(
    admin_client, mailoutbox, send_on_commit
):
    organisation = OrganisationFactory()
    focal = focal_person(organisation)
    person = PersonFactory(organisation=organisation)
    from members import services

    with send_on_commit():
        services.person_remove(person=person, acting_user=focal.user)
    assert len(mailoutbox) == 1

    with send_on_commit():
        response = admin_action(admin_client, MODEL, "person_remove", [person])

    assert len(mailoutbox) == 1
    assert messages_of(response) == [("warning", f"{person}: This person was already removed.")]


def test_making_someone_focal_from_the_admin_goes_through_the_service(admin_client):
    person = PersonFactory()

    response = admin_action(admin_client, MODEL, "person_make_focal", [person])

    person.refresh_from_db()
    assert person.is_focal_person
    assert messages_of(response) == [("success", "1 person(s) made focal persons.")]


def test_someone_already_focal_or_removed_is_refused(admin_client):
    focal = focal_person()
    removed = PersonFactory(removed_at="2025-01-01T10:00:00Z")

    response = admin_action(admin_client, MODEL, "person_make_focal", [focal, removed])

    removed.refresh_from_db()
    assert not removed.is_focal_person
    assert sorted(messages_of(response)) == sorted(
        [
            ("warning", f"{focal}: This person is already a focal person."),
            ("warning", f"{removed}: This person was removed."),
        ]
    )


def test_stepping_someone_down_from_the_admin(admin_client):
    focal = focal_person()
    other = PersonFactory()

    response = admin_action(admin_client, MODEL, "person_stop_focal", [focal, other])

    focal.refresh_from_db()
    assert not focal.is_focal_person
    assert sorted(messages_of(response)) == sorted(
        [
            ("warning", f"{other}: This person is not a focal person."),
            ("success", "1 person(s) no longer focal persons."),
        ]
    )


def test_staff_who_may_only_view_people_cannot_remove_them(client):
    admin_login(client, staff_member("members.view_person"))
    person = PersonFactory()

    admin_action(client, MODEL, "person_remove", [person])

    person.refresh_from_db()
    assert person.removed_at is None
    assert Person.objects.filter(removed_at=None).count() == 1


def test_each_change_to_a_person_records_who_made_it(admin_client, staff_user):
    person = PersonFactory()

    admin_action(admin_client, MODEL, "person_make_focal", [person])
    admin_action(admin_client, MODEL, "person_stop_focal", [person])
    admin_action(admin_client, MODEL, "person_remove", [person])

    assert list(person.events.values_list("action", "actor")) == [
        (PersonEvent.Action.MADE_FOCAL, staff_user.pk),
        (PersonEvent.Action.STEPPED_DOWN, staff_user.pk),
        (PersonEvent.Action.REMOVED, staff_user.pk),
    ]
    page = admin_client.get(reverse("admin:members_person_change", args=[person.pk]))
    assert "Stepped down as focal person" in page.content.decode()


def test_a_refused_change_to_a_person_records_nothing(admin_client):
    removed = PersonFactory(removed_at="2025-01-01T10:00:00Z")

    admin_action(admin_client, MODEL, "person_make_focal", [removed])
    admin_action(admin_client, MODEL, "person_remove", [removed])

    assert not PersonEvent.objects.exists()
