import pytest
from django.db import transaction

from core import mail

pytestmark = pytest.mark.django_db


def test_an_email_has_a_plain_text_and_an_html_part_in_the_portal_style(mailoutbox, send_on_commit):
    with send_on_commit():
        mail.send_email(
            "account/email/password_reset_key",
            ["someone@example.org"],
            {"password_reset_url": "http://testserver/reset/abc/", "user": None},
        )

    (message,) = mailoutbox
    assert message.subject.startswith("[CoP Portal] ")
    assert "http://testserver/reset/abc/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert '<a href="http://testserver/reset/abc/"' in html
    assert "Kenya Social Protection Community of Practice" in html


def test_nothing_is_sent_when_the_transaction_rolls_back(mailoutbox, send_on_commit):
    with send_on_commit(), pytest.raises(RuntimeError), transaction.atomic():
        mail.send_email(
            "account/email/password_reset_key",
            ["someone@example.org"],
            {"password_reset_url": "http://testserver/x/", "user": None},
        )
        raise RuntimeError("the action failed")

    assert mailoutbox == []


def test_text_is_escaped_in_the_html_part():
    rendered = mail.render_email(
        "account/email/password_reset_key",
        {"password_reset_url": "http://testserver/<script>alert(1)</script>", "user": None},
    )

    assert "<script>" not in rendered.html


def test_extra_headers_reach_the_message(mailoutbox, send_on_commit):
    with send_on_commit():
        mail.send_email(
            "account/email/password_reset_key",
            "someone@example.org",
            {"password_reset_url": "http://testserver/x/", "user": None},
            headers={"List-Unsubscribe": "<http://testserver/u/>"},
        )

    assert mailoutbox[0].extra_headers["List-Unsubscribe"] == "<http://testserver/u/>"


def test_plain_text_parts_are_not_html_escaped(tmp_path, settings):
    from core.mail import render_email

    rendered = render_email(
        "members/email/nomination_request",
        {
            "application": type(
                "A", (), {"display_name": "O'Brien & Sons <Ltd>", "get_absolute_url": "/"}
            )(),
            "nomination": type("N", (), {"organisation": type("O", (), {"name": "KRCS"})()})(),
            "url": "https://cop.example.org/members/nominations/1/",
        },
    )
    assert "O'Brien & Sons <Ltd>" in rendered.subject
    assert "O'Brien & Sons <Ltd>" in rendered.text
    assert "O&#x27;Brien &amp; Sons &lt;Ltd&gt;" in rendered.html
