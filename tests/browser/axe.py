"""One helper that fails a browser test on any serious or critical WCAG 2 A/AA violation,
or on a page wider than the screen.

axe-core is vendored beside this file (tests/browser/axe.min.js, MPL-2.0) and evaluated
through the DevTools protocol, so the page's Content Security Policy stays in force.
"""

from pathlib import Path

from playwright.sync_api import Error

AXE_SOURCE = (Path(__file__).parent / "axe.min.js").read_text(encoding="utf-8")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _run_axe(page):
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(f"() => {{ {AXE_SOURCE}\n; window.axe = axe; }}")
    return page.evaluate(
        "tags => axe.run(document,"
        " {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )


def assert_accessible(page):
    # A click on a link returns once the navigation has started, not once the next page has
    # loaded: checking then would run axe on a document being replaced (CI saw "Cannot read
    # properties of null (reading 'documentElement')"). Wait for the page, and if it was
    # still swapped under axe, wait again and check the page that arrived.
    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            results = _run_axe(page)
            break
        except Error:
            if attempt == 2:
                raise
    serious = [v for v in results["violations"] if v["impact"] in ("serious", "critical")]
    report = "\n".join(
        f"{v['impact']}: {v['id']} ({v['help']}) at "
        + ", ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in serious
    )
    assert not serious, f"{page.url} has accessibility violations:\n{report}"
    # Most members read on phones: no page may scroll sideways (tables scroll in their box).
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"{page.url} is wider than the screen: {widths}"
