import datetime

import pytest
from django.urls import reverse

from members.models import CodeOfConduct, Person
from tests.factories import PersonFactory, reviewer

pytestmark = pytest.mark.django_db


def test_a_non_member_is_offered_to_apply(client, user):
    client.force_login(user)
    page = client.get(reverse("members:membership")).content.decode()
    assert "You are not a member yet." in page
    assert reverse("members:apply") in page


def test_a_focal_person_sees_their_organisation_and_the_code_to_accept(client):
    person = PersonFactory(is_focal_person=True)
    CodeOfConduct.objects.create(version="2.0", text="Be kind.")
    client.force_login(person.user)
    page = client.get(reverse("members:membership")).content.decode()
    assert person.organisation.name in page
    assert "You are one of its focal persons." in page
    assert "Read and accept the code of conduct" in page
    assert reverse("members:nominate") in page
    assert reverse("members:review_queue") not in page


def test_a_temporary_participant_whose_term_ended_is_told_so(client, user):
    Person.objects.create(
        user=user, kind="temporary", ends_on=datetime.date.today() - datetime.timedelta(days=1)
    )
    client.force_login(user)
    page = client.get(reverse("members:membership")).content.decode()
    assert "Your member access has ended." in page


def test_reviewers_get_a_link_to_the_queue(client):
    client.force_login(reviewer())
    assert (
        reverse("members:review_queue")
        in client.get(reverse("members:membership")).content.decode()
    )
