"""A visitor finds how to get the bulletin by e-mail wherever they meet it: the home page,
the archive, each edition, and the footer of every page."""

import pytest
from django.urls import reverse

from tests.factories import bulletin as builders

pytestmark = pytest.mark.django_db


def offers_subscription(response):
    assert response.status_code == 200
    return f'href="{reverse("bulletin:subscribe")}"' in response.content.decode()


def test_the_home_page_offers_the_bulletin_by_e_mail(client):
    response = client.get("/")

    assert offers_subscription(response)
    assert "Get the bulletin by e-mail" in response.content.decode()


def test_the_archive_offers_the_bulletin_by_e_mail(client):
    response = client.get(reverse("bulletin:archive"))

    assert "Get the bulletin by e-mail" in response.content.decode()
    assert offers_subscription(response)


def test_a_published_edition_offers_the_bulletin_by_e_mail(client):
    edition = builders.published()

    response = client.get(edition.get_absolute_url())

    assert "Get the bulletin by e-mail" in response.content.decode()
    assert offers_subscription(response)


@pytest.mark.parametrize("path", ["/documents/", "/members/", "/events/", "/privacy/"])
def test_every_page_footer_links_the_sign_up(client, path):
    response = client.get(path)

    footer = response.content.decode().split('<footer class="site-footer">', 1)[1]
    assert f'href="{reverse("bulletin:subscribe")}"' in footer
