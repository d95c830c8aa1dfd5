"""Helpers shared by the translation tests: where the catalogue is, and how its placeholders
are read. Kept out of the test modules so the failure messages stay the point of those."""

import re
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]
PO_PATH = ROOT / "locale" / "sw" / "LC_MESSAGES" / "django.po"
# The libraries' own messages Kiswahili lacks (manage.py vendor_messages): allauth ships no
# Kiswahili, and Django's leaves some of its messages untranslated.
VENDOR = ["allauth", "django"]
CATALOGUES = [PO_PATH] + [
    ROOT / "locale" / name / "sw" / "LC_MESSAGES" / "django.po" for name in VENDOR
]
REFRESH = "make messages"  # the Makefile target; the full makemessages line is in docs/kiswahili.md

# %(name)s / %(n)d / %s, str.format fields, HTML tags and entities: a translation must carry
# exactly the same ones as its English, or the page breaks or loses a link.
PLACEHOLDER = re.compile(r"%\([\w]+\)[sdfr]|%[sdfr]|%%|\{[\w.]*\}|</?[a-zA-Z][^>]*>|&[#\w]+;")


def placeholders(text):
    return sorted(PLACEHOLDER.findall(text))


def load(path=PO_PATH):
    return polib.pofile(str(path), wrapwidth=0)


def describe(entry):
    where = ", ".join(f"{path}:{line}" for path, line in entry.occurrences[:2])
    ctx = f" [context {entry.msgctxt!r}]" if entry.msgctxt else ""
    return f"  {entry.msgid!r}{ctx}  ({where})"


def english_sentences(min_words=4):
    """The portal's English sentences (parts of msgids between placeholders) that read
    differently in Kiswahili: finding one on a Kiswahili page or e-mail means English was
    left in it."""
    sentences = set()
    for path in CATALOGUES:
        for entry in load(path):
            english = PLACEHOLDER.sub("\x00", entry.msgid)
            translated = entry.msgstr or " ".join(entry.msgstr_plural.values())
            for part in english.split("\x00"):
                part = part.strip()
                if len(part.split()) >= min_words and translated and part not in translated:
                    sentences.add(part)
    return sentences
