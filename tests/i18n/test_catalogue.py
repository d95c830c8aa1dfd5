"""The Kiswahili catalogue is complete, exact and up to date with the code (issue 18).

Every failure lists the messages concerned, so whoever merges new strings sees what to
translate; docs/kiswahili.md says how, with the glossary."""

import shutil
import subprocess
import sys

import pytest

from core.management.commands import vendor_messages

from .catalogue import CATALOGUES, REFRESH, ROOT, VENDOR, describe, load, placeholders

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


each_catalogue = pytest.mark.parametrize(
    "path", CATALOGUES, ids=[str(p.relative_to(ROOT)) for p in CATALOGUES]
)


@each_catalogue
def test_the_catalogue_declares_kiswahili_and_its_plural_rule(path):
    po = load(path)
    assert po.metadata["Language"] == "sw"
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"


@each_catalogue
def test_every_message_is_translated_and_none_is_fuzzy(path):
    po = load(path)
    untranslated = [
        e for e in po if not e.obsolete and not e.translated() and "fuzzy" not in e.flags
    ]
    fuzzy = [e for e in po if not e.obsolete and "fuzzy" in e.flags]
    problems = []
    if untranslated:
        problems.append(f"{len(untranslated)} message(s) without a Kiswahili translation:")
        problems += [describe(e) for e in untranslated]
    if fuzzy:
        problems.append(
            f"{len(fuzzy)} fuzzy message(s) (check the translation, then remove '#, fuzzy'):"
        )
        problems += [describe(e) for e in fuzzy]
    assert not problems, "\n".join(problems + [f"Catalogue: {path.relative_to(ROOT)}"])


@each_catalogue
def test_every_translation_keeps_the_placeholders_and_tags_of_its_english(path):
    po = load(path)
    problems = []
    for entry in po:
        if entry.obsolete or not entry.translated():
            continue
        if entry.msgid_plural:
            pairs = [
                (entry.msgid, entry.msgstr_plural[0]),
                (entry.msgid_plural, entry.msgstr_plural[1]),
            ]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        for english, kiswahili in pairs:
            if placeholders(english) != placeholders(kiswahili):
                problems.append(
                    f"{describe(entry)}\n    English has {placeholders(english)}, "
                    f"Kiswahili has {placeholders(kiswahili)}: {kiswahili!r}"
                )
    assert not problems, "Translations whose placeholders differ from the English:\n" + "\n".join(
        problems
    )


@each_catalogue
def test_msgfmt_accepts_the_catalogue(path):
    """compilemessages runs msgfmt --check-format: what it refuses would stop `make install`."""
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, (
        "GNU gettext is missing: apt-get install -y gettext (the Makefile and .ci/run do)"
    )
    result = subprocess.run(
        [msgfmt, "--check-format", "--check-header", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


SOURCE_IGNORED = shutil.ignore_patterns(
    ".git",
    ".venv",
    "node_modules",
    "tests",
    "media",
    "staticfiles",
    "locale",
    "__pycache__",
    "*.pyc",
    "*.sqlite3",
    "test-results",
)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """What makemessages finds in the code today, extracted in a scratch copy of the project so
    the committed catalogue is never touched."""
    assert shutil.which("xgettext"), "GNU gettext is missing: apt-get install -y gettext"
    scratch = tmp_path_factory.mktemp("messages") / "project"
    shutil.copytree(ROOT, scratch, ignore=SOURCE_IGNORED, symlinks=True)
    (scratch / "locale").mkdir()
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "sw",
            "--no-obsolete",
            "--verbosity",
            "0",
        ],
        cwd=scratch,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return load(scratch / "locale" / "sw" / "LC_MESSAGES" / "django.po")


def _keys(po):
    return {(e.msgctxt, e.msgid, e.msgid_plural or None): e for e in po if not e.obsolete}


def test_every_message_in_the_code_is_in_the_catalogue(extracted):
    """A new or changed string is added to the catalogue, and translated, in the same commit."""
    committed = _keys(load())
    missing = [e for key, e in _keys(extracted).items() if key not in committed]
    assert not missing, "\n".join(
        [f"{len(missing)} message(s) of the code are not in the Kiswahili catalogue:"]
        + [describe(e) for e in missing]
        + [f"Refresh it with `{REFRESH}`, then translate them (docs/kiswahili.md)."]
    )


def test_the_catalogue_holds_no_message_the_code_no_longer_has(extracted):
    current = _keys(extracted)
    stale = [e for key, e in _keys(load()).items() if key not in current]
    assert not stale, "\n".join(
        [f"{len(stale)} message(s) of the catalogue are no longer in the code:"]
        + [describe(e) for e in stale]
        + [f"Refresh it with `{REFRESH}`."]
    )


@pytest.mark.parametrize("name", VENDOR)
def test_each_library_catalogue_matches_the_installed_library(name):
    """After an upgrade of allauth or Django, `make messages` (manage.py vendor_messages)
    adds their new messages; this lists them until it has run."""
    ours = {(e.msgctxt, e.msgid) for e in load(vendor_messages.path_of(name))}
    theirs = {(e.msgctxt, e.msgid): e for e in vendor_messages.CATALOGUES[name]()}
    missing = [describe(e) for key, e in theirs.items() if key not in ours]
    stale = [repr(msgid) for ctx, msgid in ours if (ctx, msgid) not in theirs]
    assert not missing and not stale, "\n".join(
        [f"{name} messages missing from its catalogue ({len(missing)}):", *missing]
        + [f"no longer in {name} ({len(stale)}):", *stale]
        + [f"Refresh with `{REFRESH}` and translate (docs/kiswahili.md)."]
    )
