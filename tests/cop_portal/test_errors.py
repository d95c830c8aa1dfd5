import pytest
from django.db import OperationalError, connections
from django.test import Client
from django.urls import path

from cop_portal.urls import urlpatterns as portal_urls


def boom(request):
    raise RuntimeError("something broke")


def denied(request):
    from django.core.exceptions import PermissionDenied

    raise PermissionDenied


def bad(request):
    from django.core.exceptions import SuspiciousOperation

    raise SuspiciousOperation("bad")


urlpatterns = [path("boom/", boom), path("denied/", denied), path("bad/", bad), *portal_urls]
handler400 = "cop_portal.views.bad_request"
handler403 = "cop_portal.views.permission_denied"
handler404 = "cop_portal.views.page_not_found"
handler500 = "cop_portal.views.server_error"


@pytest.fixture
def error_client(settings):
    settings.ROOT_URLCONF = __name__
    return Client(raise_request_exception=False)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "status", "title"),
    [
        ("/no-such-page/", 404, "Page not found"),
        ("/denied/", 403, "Not allowed"),
        ("/bad/", 400, "Bad request"),
        ("/boom/", 500, "Something went wrong"),
    ],
)
def test_error_pages_are_in_the_portal_look(error_client, url, status, title):
    response = error_client.get(url)

    assert response.status_code == status
    html = response.content.decode()
    assert f"<h1>{title}</h1>" in html
    assert 'class="site-header"' in html
    assert "Privacy notice" in html


@pytest.mark.django_db
def test_the_500_page_renders_with_the_database_down(error_client, monkeypatch, settings, user):
    # Signed in, so the request carries a session whose lookup needs the database.
    error_client.force_login(user)
    # Without the guard that answers 503 first (test_database_unavailable.py): the 500 page
    # must stand on its own when an error and a lost database come together.
    settings.MIDDLEWARE = [
        name
        for name in settings.MIDDLEWARE
        if name != "cop_portal.middleware.DatabaseUnavailableMiddleware"
    ]

    def database_down(*args, **kwargs):
        raise OperationalError("could not connect to server")

    for alias in connections:
        monkeypatch.setattr(connections[alias], "ensure_connection", database_down)
        monkeypatch.setattr(connections[alias], "cursor", database_down)

    response = error_client.get("/boom/")

    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html
    assert "vendor/bootstrap/bootstrap.min.css" in html
