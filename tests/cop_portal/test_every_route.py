"""No address answers a server error (issue 20): every GET route of the URLconf, requested by
a visitor, a member and a content coordinator, with generated path parameters (unknown,
negative, zero and huge numbers; unknown, unicode and very long slugs) and query strings
(the parameters the portal's views, filters and forms read, given unknown slugs, control
characters, very long strings, out-of-range page numbers, repeated names, wrong types).

Each route is its own test, so that xdist spreads them; each tries the three roles. Left
out: the admin (its own application, behind two-factor sign-in), and POST-only routes, which
answer 405 to a GET by design; which routes those are is read from their ``require_POST`` /
``require_http_methods`` decorators, so a route that accepts GET cannot slip out."""

import os
import re
from urllib.parse import quote, urlencode

import pytest
from django.core.cache import cache
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# 403 is what the portal answers a signed-in person refused a right, where existence is no
# secret (a form for staff, say); 404 hides what may not be seen.
ACCEPTABLE = {200, 301, 302, 303, 304, 307, 308, 400, 403, 404}

SKIPPED_PREFIXES = ("admin/",)

QUERY_NAMES = (
    # Every view: pagination and search.
    "page",
    "q",
    "sort",
    # The documents' facets (repository/search/facets.py).
    "topic",
    "pillar",
    "county",
    "publisher",
    "year",
    "type",
    "language",
    # The directory (members/filters.py), events (committees/calendar/filters.py), action
    # items (committees.forms.ActionFilterForm), review queue, meeting form, bulletin form.
    "category",
    "kind",
    "body",
    "status",
    "when",
    "document",
    # Where to go after signing in or accepting the code of conduct.
    "next",
)

# Enough for each run of the suite to try every kind of value on every route; set
# ROUTE_EXAMPLES higher for a deeper search (80 takes about ten minutes on two workers).
MAX_EXAMPLES = int(os.environ.get("ROUTE_EXAMPLES", "12"))


def _methods(view, seen=None):
    """The HTTP methods a view's ``require_http_methods`` decorators allow, or None when it
    has none: found in the closures of the wrappers, which do not all set ``__wrapped__``."""
    seen = seen if seen is not None else set()
    if id(view) in seen:
        return None
    seen.add(id(view))
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return {m.upper() for m in view_class.http_method_names if hasattr(view_class, m)}
    found = None
    inner = [getattr(view, "__wrapped__", None)]
    for cell in getattr(view, "__closure__", None) or ():
        try:
            inner.append(cell.cell_contents)
        except ValueError:  # an empty cell
            continue
    for value in inner:
        if isinstance(value, list) and value and all(isinstance(m, str) for m in value):
            if all(m.isupper() for m in value):
                found = set(value) if found is None else found & set(value)
        elif callable(value):
            methods = _methods(value, seen)
            if methods is not None:
                found = methods if found is None else found & methods
    return found


def _routes(patterns, prefix=""):
    """(template, view, name) for every pattern, included URLconfs walked into."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + _template(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + _template(pattern.pattern), pattern.callback, pattern.name


_GROUP = re.compile(r"\(\?P<(\w+)>((?:[^()]|\([^()]*\))*)\)")
_CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")


def _template(pattern):
    """The pattern as a template whose parameters read ``{name:regex}``."""
    if isinstance(pattern, RoutePattern):
        converters = pattern.converters

        def converter(match):
            return "{" + f"{match[2]}:{converters[match[2]].regex}" + "}"

        return _CONVERTER.sub(converter, str(pattern._route))
    assert isinstance(pattern, RegexPattern), pattern
    regex = str(pattern._regex).removeprefix("^").removesuffix("$")
    return _GROUP.sub(lambda match: "{" + f"{match[1]}:{match[2]}" + "}", regex)


_PARAMETER = re.compile(r"\{(\w+):((?:[^{}]|\{[^{}]*\})*)\}")


def _get_routes():
    routes = {}
    for template, callback, name in _routes(get_resolver().url_patterns):
        if template.startswith(SKIPPED_PREFIXES):
            continue
        methods = _methods(callback)
        if methods is not None and "GET" not in methods:
            continue
        routes[template] = name
    return routes


ROUTES = _get_routes()


# Values -------------------------------------------------------------------------------------

CONTROL = "".join(chr(c) for c in range(32)) + "\x7f"
unicode_text = st.text(min_size=1, max_size=40)
control_text = st.text(alphabet=CONTROL + "ab/?&=%", min_size=1, max_size=10)
long_text = st.integers(min_value=300, max_value=5000).map(lambda n: "é" * n)
unknown_slug = st.from_regex(r"[a-z0-9-]{1,30}", fullmatch=True)
numbers = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, -1, 2**31, 2**31 - 1, 2**63, 2**63 - 1, 2**64, 10**30]),
).map(str)
wrong_types = st.sampled_from(["1.5", "1e9", "abc", "[]", "{}", "null", "true", " 1", "0x10", ""])


def _known(data):
    """Values that name real rows, so that filters find something to apply."""
    return st.sampled_from(data["slugs"] + data["ids"] + data["choices"])


def query_values(data):
    return st.one_of(
        _known(data), unknown_slug, unicode_text, control_text, long_text, numbers, wrong_types
    )


def query_strings(data):
    pair = st.tuples(
        st.one_of(st.sampled_from(QUERY_NAMES), st.text(max_size=10)), query_values(data)
    )
    raw_tail = st.sampled_from(["", "&%ff=%fe", "&page", "&=x", "&&", "&q=%", "&page=%zz"])
    return st.builds(
        lambda pairs, tail: urlencode(pairs) + tail, st.lists(pair, max_size=8), raw_tail
    )


def path_values(data, regex):
    matching = st.from_regex(regex, fullmatch=True)
    if regex == "[0-9]+":
        known = st.sampled_from(data["ids"])
    else:
        known = st.sampled_from(data["slugs"] + data["tokens"])
    return st.one_of(
        known,
        known,
        matching,
        numbers,
        unknown_slug,
        unicode_text,
        long_text,
        long_text.map(lambda text: "a" * len(text)),
        control_text,
    )


def paths(data, template):
    pieces = _PARAMETER.split(template)
    # split() gives: text, name, regex, text, name, regex, ..., text.
    texts, regexes = pieces[::3], pieces[2::3]
    if not regexes:
        return st.just("/" + template)
    values = st.tuples(*(path_values(data, regex) for regex in regexes))

    def build(chosen):
        url = texts[0]
        for value, text in zip(chosen, texts[1:], strict=True):
            url += quote(value, safe="") + text
        return "/" + _unescape(url)

    return values.map(build)


def _unescape(regex_text):
    """The literal parts of a regex route (allauth's) read as text: ``\\.`` is a dot."""
    return re.sub(r"\\(.)", r"\1", regex_text)


# The test -------------------------------------------------------------------------------------


@pytest.mark.parametrize("template", sorted(ROUTES), ids=lambda t: "/" + t)
def test_no_address_answers_a_server_error(client, seeded, template):
    # One test per route, the roles in turn: the data is made once for the three.
    for role in ("visitor", "member", "coordinator"):
        if role == "visitor":
            client.logout()
        else:
            client.force_login(seeded["users"][role])

        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
            database=None,
        )
        @given(path=paths(seeded, template), query=query_strings(seeded), role=st.just(role))
        def request_it(path, query, role):
            cache.clear()  # no rate limit reached, no stored page answering for the view
            url = f"{path}?{query}" if query else path
            response = client.get(url)
            assert response.status_code in ACCEPTABLE, (role, url, response.status_code)

        request_it()


def test_the_walk_finds_the_portal_s_routes():
    """The walk goes into included URLconfs, finds regex routes, and leaves out the admin
    and POST-only routes."""
    assert "" in ROUTES  # the home page
    assert "documents/{slug:[-a-zA-Z0-9_]+}/" in ROUTES
    assert "accounts/confirm-email/{key:[-:\\w]+}/" in ROUTES
    assert "events/{pk:[0-9]+}.ics" in ROUTES
    assert not any(t.startswith("admin/") for t in ROUTES)
    assert "twg/{slug:[-a-zA-Z0-9_]+}/join/" not in ROUTES  # require_POST
