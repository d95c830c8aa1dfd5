"""The pages the code of conduct gates, for a member who has not accepted its current version:
a page saying so with the link to accept it (403) instead of a bare 404, and a notice on the
lists that show them less. Visitors and non-members get what they got before."""

from urllib.parse import quote

import pytest
from django.urls import reverse

from bulletin.models import Submission
from members.models import CodeOfConduct, Organisation
from repository.models import Document
from tests import factories

pytestmark = pytest.mark.django_db

GATED_PAGES = ["repository:upload", "bulletin:submit", "bulletin:my_submissions"]


@pytest.fixture
def code():
    return CodeOfConduct.objects.create(version="2.0", text="Share in good faith.")


def conduct_link(next_url):
    return reverse("members:code_of_conduct") + "?next=" + quote(next_url)


def assert_asks_for_the_code(response, next_url):
    assert response.status_code == 403
    page = response.content.decode()
    assert "Accept the code of conduct first" in page
    assert "version 2.0" in page
    assert f'href="{conduct_link(next_url)}"' in page.replace("&amp;", "&")


@pytest.mark.parametrize("name", GATED_PAGES)
def test_a_member_without_the_acceptance_is_told_to_accept_the_code(client, code, name):
    client.force_login(factories.member())
    url = reverse(name)

    assert_asks_for_the_code(client.get(url + "?from=home"), url + "?from=home")


@pytest.mark.parametrize("name", GATED_PAGES)
def test_once_accepted_through_the_link_the_gated_page_opens(client, code, name):
    user = factories.member()
    client.force_login(user)
    url = reverse(name)

    response = client.post(conduct_link(url), {"accept": "on", "next": url})

    assert response.status_code == 302 and response["Location"] == url
    assert client.get(url).status_code == 200


def test_editing_ones_own_submission_asks_for_the_code(client):
    user = factories.member()
    item = factories.submission(submitted_by=user)
    CodeOfConduct.objects.create(version="2.0", text="Share in good faith.")
    client.force_login(user)
    url = reverse("bulletin:submission_edit", args=[item.pk])

    assert_asks_for_the_code(client.get(url), url)


def test_a_refused_upload_stores_nothing_and_links_back_to_the_form(client, code):
    client.force_login(factories.member())
    url = reverse("repository:upload")

    response = client.post(url, {"title": "Annual report", "file": factories.pdf_upload()})

    assert_asks_for_the_code(response, url)
    assert not Document.objects.exists()


def test_a_refused_submission_stores_nothing(client, code):
    client.force_login(factories.member())
    url = reverse("bulletin:submit")

    response = client.post(
        url, {"kind": "article", "title": "T", "description": "D", "link": "https://e.org/"}
    )

    assert_asks_for_the_code(response, url)
    assert not Submission.objects.exists()


@pytest.mark.parametrize("who", ["outsider", "suspended member"])
@pytest.mark.parametrize("name", GATED_PAGES)
def test_non_members_still_get_a_404(client, code, who, name):
    if who == "outsider":
        user = factories.outsider()
    else:
        user = factories.member(organisation__status=Organisation.Status.SUSPENDED)
    client.force_login(user)
    assert client.get(reverse(name)).status_code == 404


@pytest.mark.parametrize("name", GATED_PAGES)
def test_a_visitor_is_still_asked_to_sign_in(client, code, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    ("name", "notice"),
    [
        ("repository:list", "Members' documents are listed"),
        ("repository:mine", "you can open only your public documents"),
        ("bulletin:archive", "Members submit items to the bulletin once they accept"),
    ],
)
def test_a_list_that_shows_less_says_why_and_links_the_code(client, code, name, notice):
    user = factories.member()
    client.force_login(user)
    url = reverse(name)

    page = client.get(url).content.decode().replace("&#x27;", "'")

    assert notice in page
    assert f'href="{conduct_link(url)}"' in page

    user.conduct_acceptances.create(code=code)
    assert notice not in client.get(url).content.decode().replace("&#x27;", "'")
    client.logout()
    if name != "repository:mine":
        assert notice not in client.get(url).content.decode().replace("&#x27;", "'")


def test_the_document_list_names_the_hidden_members_documents_once(client, code):
    factories.document(visibility="members", title="Members only report")
    client.force_login(factories.member())

    page = client.get(reverse("repository:list")).content.decode()

    assert "Members only report" not in page
    assert page.count(conduct_link(reverse("repository:list"))) == 1
