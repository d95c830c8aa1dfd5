"""benchmarks/page_weight.py's measurement, in Chromium against the live server: what a
first visit and a repeat visit of the home page transfer."""

import pytest

from benchmarks import page_weight

pytestmark = pytest.mark.django_db(transaction=True)


def test_page_weight_counts_a_first_visit_and_a_cheaper_repeat(browser, live_server):
    figures = page_weight.measure(browser, live_server.url, "/")

    first, repeat = figures["first"], figures["repeat"]
    assert figures["status"] == 200
    # The page, its stylesheets and script came over the network on the first visit.
    assert first["from_network"] >= 3
    assert first["by_type_kb"]["Document"] > 0
    assert first["by_type_kb"]["Stylesheet"] > 0
    assert first["bytes"] == pytest.approx(sum(first["by_type_kb"].values()) * page_weight.KB)
    # The portal gzips its HTML: fewer bytes came over the network than the page holds.
    assert figures["html_encoding"] == "gzip"
    assert 0 < figures["html_gzip_kb"] < figures["html_kb"]
    assert first["by_type_kb"]["Document"] < figures["html_kb"]
    assert repeat["kb"] < first["kb"]
