"""Each kind of e-mail, rendered for a person who reads Kiswahili, is in Kiswahili: subject
and body (issue 18). Every e-mail template of the portal (and allauth's account e-mails it
sends) is rendered through ``core.mail`` with a stand-in for each value it reads, in English
and in Kiswahili: the two must differ, and the Kiswahili must hold none of the portal's
English sentences."""

import re
from pathlib import Path

import allauth
import pytest
from django.contrib.auth import get_user_model
from django.template.base import Lexer, TokenType

from core import mail

from .catalogue import ROOT, english_sentences

APP_TEMPLATES = [p for p in ROOT.glob("*/templates") if p.parent.name != "benchmarks"]
ALLAUTH_TEMPLATES = Path(allauth.__file__).parent / "templates"
# The account e-mails the portal sends (allauth's, through accounts.adapter and core.mail).
ALLAUTH_KINDS = [
    "account/email/email_confirmation_signup",
    "account/email/email_confirmation",
    "account/email/password_reset_key",
    "account/email/password_changed",
    "account/email/account_already_exists",
    "account/email/unknown_account",
]


class Value(int):
    """Stands for any value a template reads: every attribute (or call) is another one, it
    is the number two (for plurals and addresses)."""

    def __new__(cls):
        return super().__new__(cls, 2)

    def __call__(self, *args, **kwargs):
        return Value()

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return Value()

    def __str__(self):
        return "2"

    def __html__(self):
        return "2"

    def __iter__(self):
        return iter(())

    def __len__(self):
        return 2


def _kinds():
    for directory in APP_TEMPLATES:
        for subject in sorted(directory.rglob("*_subject.txt")):
            yield str(subject.relative_to(directory))[: -len("_subject.txt")]
    yield from ALLAUTH_KINDS


def _source(prefix):
    for directory in [*APP_TEMPLATES, ROOT / "templates", ALLAUTH_TEMPLATES]:
        for suffix in ("_subject.txt", "_message.txt", "_message.html"):
            path = directory / f"{prefix}{suffix}"
            if path.exists():
                yield path.read_text(encoding="utf-8")


def _context(prefix):
    names = set()
    for source in _source(prefix):
        for token in Lexer(source).tokenize():
            if token.token_type in (TokenType.VAR, TokenType.BLOCK):
                names |= set(re.findall(r"\b([A-Za-z_]\w*)", token.contents))
    context = {name: Value() for name in names if name not in {"SITE_URL", "LANGUAGE_CODE"}}
    if prefix.startswith("account/"):
        context["user"] = get_user_model()(email="amina@example.org", full_name="Amina Otieno")
    return context


ENGLISH = english_sentences()


@pytest.mark.parametrize("prefix", sorted(set(_kinds())))
def test_each_kind_of_email_is_in_kiswahili_for_a_kiswahili_reader(prefix):
    context = _context(prefix)
    english = mail.render_email_in("en", prefix, context)
    kiswahili = mail.render_email_in("sw", prefix, context)

    assert kiswahili.subject != english.subject
    assert kiswahili.text != english.text
    found = sorted(s for s in ENGLISH if s in kiswahili.subject or s in kiswahili.text)
    assert not found, f"English left in the Kiswahili e-mail {prefix}: {found}"
    assert '<html lang="sw">' in kiswahili.html
