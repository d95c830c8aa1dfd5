"""No form answers a server error or stores half a change (issue 20): every form the portal
shows a visitor, a member and a content coordinator, found by opening each GET route with
the seeded data's real ids and slugs and reading its ``<form method="post">`` elements, is
sent with generated values for its fields (text in every script and with control
characters, very long text, numbers, wrong types, real and unknown choices, files of random
bytes, fields left out).

The only acceptable answers are those of ``test_every_route``. An answer of 200 is the form
shown again with its errors: then no table may have gained or lost a row. Left out: the admin
(behind two-factor sign-in, its forms are Django's) and the sign-out form."""

import itertools
import os
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.cop_portal.test_every_route import (
    _PARAMETER,
    ACCEPTABLE,
    ROUTES,
    control_text,
    numbers,
    unicode_text,
    wrong_types,
)

MAX_EXAMPLES = int(os.environ.get("FORM_EXAMPLES", "5"))
SKIPPED_ACTIONS = ("/accounts/logout/", "/admin/")
# Tables a refused form may still write to: the session (a sign-in attempt's state, the
# language chosen) and the task queue's results. None of them is a half-made change.
UNCOUNTED_TABLES = {"django_session"}


class Field:
    def __init__(self, name, kind, value=""):
        self.name, self.kind, self.value = name, kind, value
        self.options = []

    def __repr__(self):
        return f"{self.kind}:{self.name}"


class Form:
    def __init__(self, action):
        self.action = action
        self.fields = {}
        self.buttons = []  # (name, value) of named submit buttons

    def add(self, name, kind, value=""):
        field = self.fields.setdefault(name, Field(name, kind, value))
        if kind in ("checkbox", "radio", "select") and value:
            field.options.append(value)
        return field


class FormReader(HTMLParser):
    """The POST forms of a page, their fields, choices and submit buttons."""

    def __init__(self, page_url):
        super().__init__()
        self.page_url = page_url
        self.forms, self.form, self.select = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            if (attrs.get("method") or "get").lower() == "post":
                self.form = Form(urljoin(self.page_url, attrs.get("action") or self.page_url))
                self.forms.append(self.form)
            return
        if self.form is None or "name" not in attrs and tag != "option":
            return
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                self.form.buttons.append((attrs["name"], attrs.get("value") or ""))
            elif attrs["name"] != "csrfmiddlewaretoken":
                self.form.add(attrs["name"], kind, attrs.get("value") or "")
        elif tag == "button" and (attrs.get("type") or "submit") == "submit":
            self.form.buttons.append((attrs["name"], attrs.get("value") or ""))
        elif tag == "textarea":
            self.form.add(attrs["name"], "textarea")
        elif tag == "select":
            self.select = self.form.add(attrs["name"], "select")
            self.select.multiple = "multiple" in attrs
        elif tag == "option" and self.select is not None and attrs.get("value"):
            self.select.options.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None


def forms_on(html, page_url):
    reader = FormReader(page_url)
    reader.feed(html)
    return [
        form
        for form in reader.forms
        if urlsplit(form.action).netloc in ("", "testserver")
        and not urlsplit(form.action).path.startswith(SKIPPED_ACTIONS)
    ]


# Values -------------------------------------------------------------------------------------

long_text = st.integers(min_value=1000, max_value=6_000).map(lambda n: "é" * n)
plain = st.one_of(unicode_text, control_text, long_text, numbers, wrong_types, st.just(""))
dates = st.dates().map(str)
random_file = st.builds(
    lambda name, content: SimpleUploadedFile(name, content),
    st.sampled_from(["report.pdf", "logo.png", "notes.txt", "x.html", "sheet.xlsx", "a"]),
    st.binary(max_size=2000),
)


def value_for(field):
    if field.kind == "file":
        return random_file
    choices = [st.sampled_from(field.options)] * 3 if field.options else []
    if field.kind in ("checkbox", "radio", "select"):
        if field.options and (field.kind == "checkbox" or getattr(field, "multiple", False)):
            choices.append(st.lists(st.sampled_from(field.options), max_size=4))
        return st.one_of(*choices, plain)
    if field.kind == "hidden":
        return st.one_of(st.just(field.value), st.just(field.value), plain)
    if field.kind in ("date", "datetime-local", "time"):
        return st.one_of(dates, plain)
    if field.kind == "email":
        return st.one_of(st.emails(), plain)
    return plain


def submissions(form):
    """A value (or none: left out) for each field, and one of the submit buttons."""
    fields = st.fixed_dictionaries(
        {}, optional={name: value_for(field) for name, field in form.fields.items()}
    )
    button = st.sampled_from(form.buttons) if form.buttons else st.just(None)
    return st.tuples(fields, button)


# What the database holds ----------------------------------------------------------------------


def row_counts():
    tables = sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy
        }
        - UNCOUNTED_TABLES
    )
    quote = connection.ops.quote_name
    sql = " UNION ALL ".join(f"SELECT '{t}', COUNT(*) FROM {quote(t)}" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(cursor.fetchall())


# Pages with forms -------------------------------------------------------------------------------


def _candidates(template, data):
    """The route's addresses with the seeded data's real values in its parameters."""
    pieces = _PARAMETER.split(template)
    texts, regexes = pieces[::3], pieces[2::3]
    pools = [
        data["ids"] if regex == "[0-9]+" else data["slugs"] + data["tokens"] for regex in regexes
    ]
    for chosen in itertools.islice(itertools.product(*pools), 30):
        url = texts[0]
        for value, text in zip(chosen, texts[1:], strict=True):
            url += value + text
        yield "/" + url.replace("\\", "")


def _log_in(client, data, role):
    if role == "visitor":
        client.logout()
    else:
        client.force_login(data["users"][role])


def pages_with_forms(client, data, template, role):
    """The first address of the route that shows this role a page with POST forms."""
    for url in _candidates(template, data):
        cache.clear()
        response = client.get(url)
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            found = forms_on(response.content.decode(), "http://testserver" + url)
            if found:
                return url, found
        if "{" not in template:
            break
    return None, []


# The test -------------------------------------------------------------------------------------


def _sender(client, data, role, url, form):
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
        database=None,
    )
    @given(sent=submissions(form))
    def send(sent):
        fields, button = sent
        cache.clear()  # no rate limit reached
        _log_in(client, data, role)
        if button:
            fields = {**fields, button[0]: button[1]}
        before = row_counts()
        response = client.post(urlsplit(form.action).path, fields)
        status = response.status_code
        assert status in ACCEPTABLE, (role, url, form.action, fields, status)
        if status == 200:
            after = row_counts()
            changed = {t: (before[t], after[t]) for t in before if before[t] != after[t]}
            assert not changed, (role, url, form.action, changed)

    return send


def _signature(form):
    return urlsplit(form.action).path, tuple(sorted(form.fields))


@pytest.mark.parametrize("template", sorted(ROUTES), ids=lambda t: "/" + t)
def test_no_form_answers_a_server_error_or_stores_half_a_change(client, seeded, template):
    tried = set()
    for role in ("visitor", "member", "coordinator"):
        _log_in(client, seeded, role)
        # The forms of every page (the header's) are tried on the home page's route only.
        _, everywhere = pages_with_forms(client, seeded, "", role) if template else (None, [])
        site_wide = {_signature(form) for form in everywhere}
        url, forms = pages_with_forms(client, seeded, template, role)
        for form in forms:
            if _signature(form) in site_wide or (role, _signature(form)) in tried:
                continue
            tried.add((role, _signature(form)))
            _sender(client, seeded, role, url, form)()
    if not tried:
        pytest.skip("no POST form of its own on this route's pages")
