"""A NUL character in an address is refused with the portal's 400 page, on every page:
PostgreSQL cannot store or compare it, so passed on to a query it would be a server error."""

import pytest

pytestmark = pytest.mark.django_db

DOCUMENT_PARAMETERS = ["q", "topic", "pillar", "county", "publisher", "type", "language", "year"]


@pytest.mark.parametrize("name", DOCUMENT_PARAMETERS)
def test_a_nul_in_a_documents_list_parameter_is_a_bad_request(client, name):
    response = client.get("/documents/", {name: "cash\x00transfer"})

    assert response.status_code == 400


@pytest.mark.parametrize("path", ["/members/", "/events/", "/bulletin/", "/twg/"])
def test_a_nul_in_a_parameter_name_or_value_anywhere_is_a_bad_request(client, path):
    assert client.get(path, {"q": "\x00"}).status_code == 400
    assert client.get(path + "?a%00b=1").status_code == 400


def test_the_bad_request_page_is_the_portals_own(client):
    response = client.get("/documents/?q=%00")

    assert response.status_code == 400
    assert "text/html" in response["Content-Type"]
    assert b"Traceback" not in response.content
    assert response.templates[0].name == "400.html"
