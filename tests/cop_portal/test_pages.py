import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_says_what_the_cop_is_and_invites_visitors_to_join(client, django_assert_num_queries):
    # Anonymous home page: the milestones' figures (pillars, counties, figures), the coming
    # events, the public documents and the latest edition; nothing about a session.
    with django_assert_num_queries(6):
        response = client.get(reverse("home"))
    # Then it comes from the page cache.
    with django_assert_num_queries(0):
        client.get(reverse("home"))

    html = response.content.decode()
    assert "Community of Practice for Social Protection" in html
    assert reverse("account_signup") in html
    assert 'href="#main"' in html and 'id="main"' in html


def test_navigation_shows_administration_only_to_staff(client, user, staff_user):
    client.force_login(user)
    assert reverse("admin:index") not in client.get(reverse("home")).content.decode()

    client.force_login(staff_user)
    assert reverse("admin:index") in client.get(reverse("home")).content.decode()


def test_signed_in_navigation_offers_the_account_and_sign_out(client, user):
    client.force_login(user)

    html = client.get(reverse("home")).content.decode()

    assert reverse("accounts:profile") in html
    assert reverse("account_logout") in html
    assert reverse("account_signup") not in html


def test_privacy_notice_is_linked_from_every_page(client):
    assert reverse("privacy") in client.get(reverse("account_login")).content.decode()


def test_a_member_sees_the_question_of_the_month_on_the_home_page_a_visitor_does_not(client):
    from discussions import services as discussion_services
    from tests import factories
    from tests.factories.discussions import thread

    question = thread(title="How do counties pay during floods?")
    discussion_services.thread_pin(thread=question, acting_user=factories.coordinator())

    visitor_page = client.get(reverse("home")).content.decode()
    client.force_login(factories.member())
    member_page = client.get(reverse("home")).content.decode()

    assert "How do counties pay during floods?" not in visitor_page
    assert "Question of the month" in member_page
    assert question.get_absolute_url() in member_page
