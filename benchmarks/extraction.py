"""Word recall of the PDF readers, and of the portal's reader, on the extraction corpus.

    python -m benchmarks.extraction_corpus          # once: makes /tmp/extraction-corpus
    python -m benchmarks.extraction [--corpus DIR]

Recall of one file: of the words in its reference (the text the corpus generator wrote), the
share found in what the reader gave, counted as multisets (a word written five times must be
read five times; two words glued together count as neither). Words are compared in lower case
and nothing else: a ligature left as "ﬁ", or a word left hyphenated at a line end, is a word
search cannot find, so it counts against the reader.

It prints each PDF candidate (pypdf, pypdfium2, pdfminer.six, poppler's pdftotext) on the
corpus's readable PDFs, raw and after the portal's normalisation, then the portal's own reader
(``repository.extraction.extract_text``, the sandboxed worker) on every file, with the median
and 10th percentile of recall and what it says about the files that cannot be read."""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop_portal.settings")

WORD = re.compile(r"\w+")


def words(text):
    return Counter(WORD.findall(text.lower()))


def recall(reference, text):
    wanted = words(unicodedata.normalize("NFKC", reference))
    total = sum(wanted.values())
    if not total:
        return 1.0
    found = words(text)
    return sum(min(count, found[word]) for word, count in wanted.items()) / total


def percentile(values, share):
    ordered = sorted(values)
    return ordered[max(0, round(share * (len(ordered) - 1)))]


# Candidates: the text of every page of a PDF, joined ---------------------------------------


def read_pypdf(path):
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def read_pypdfium2(path):
    import pypdfium2

    document = pypdfium2.PdfDocument(path)
    try:
        return "\n".join(page.get_textpage().get_text_bounded() for page in document)
    finally:
        document.close()


def read_pdfminer(path):
    from pdfminer.high_level import extract_text

    return extract_text(path)


def read_pdftotext(path):
    result = subprocess.run(  # noqa: S603
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],  # noqa: S607
        capture_output=True,
        check=True,
        timeout=120,
    )
    return result.stdout.decode("utf-8", "replace")


CANDIDATES = {
    "pypdf": read_pypdf,
    "pypdfium2": read_pypdfium2,
    "pdfminer.six": read_pdfminer,
    "pdftotext": read_pdftotext,
}


def summary(label, scores, seconds):
    values = list(scores.values())
    worst = min(scores, key=scores.get)
    print(
        f"{label:<28} median {statistics.median(values):.3f}  p10 {percentile(values, 0.1):.3f}"
        f"  min {scores[worst]:.3f} ({worst})  {seconds:.1f} s"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("/tmp/extraction-corpus"))  # noqa: S108
    parser.add_argument("--verbose", action="store_true", help="print every file's recall")
    args = parser.parse_args()
    import django

    django.setup()
    from repository import extract_worker
    from repository.extraction import extract_text

    manifest = json.loads((args.corpus / "manifest.json").read_text())
    readable_pdfs = [
        entry["file"]
        for entry in manifest
        if entry["file"].endswith(".pdf") and entry["expect"] == "searchable"
    ]
    references = {
        entry["file"]: (args.corpus / f"{entry['file']}.txt").read_text() for entry in manifest
    }
    print(f"Corpus {args.corpus}: {len(manifest)} files, {len(readable_pdfs)} readable PDFs\n")
    print("PDF readers on the readable PDFs (raw text / after the portal's normalisation):")
    for name, read in CANDIDATES.items():
        raw, normalised = {}, {}
        started = time.perf_counter()
        for file in readable_pdfs:
            try:
                text = read(args.corpus / file)
            except Exception as exc:  # noqa: BLE001 (a reader failing is a result)
                print(f"  {name} failed on {file}: {type(exc).__name__}")
                text = ""
            raw[file] = recall(references[file], text)
            normalised[file] = recall(references[file], extract_worker.normalise(text))
        seconds = time.perf_counter() - started
        summary(f"  {name}", raw, seconds)
        summary(f"  {name} + normalisation", normalised, seconds)

    print("\nThe portal's reader (sandboxed worker) on every file:")
    scores, started = {}, time.perf_counter()
    for entry in manifest:
        file = entry["file"]
        content_type = {
            "pdf": extract_worker.PDF,
            "docx": extract_worker.DOCX,
            "pptx": extract_worker.PPTX,
            "odt": extract_worker.ODT,
        }[file.rsplit(".", 1)[1]]
        result = extract_text(args.corpus / file, content_type)
        said = result.status
        if entry["expect"] == "searchable":
            scores[file] = recall(references[file], result.text)
        if said != entry["expect"] or args.verbose:
            mark = "" if said == entry["expect"] else "  << expected " + entry["expect"]
            score = f"{scores[file]:.3f}" if file in scores else "-"
            print(f"  {file:<28} {said:<10} recall {score} {result.message}{mark}")
    summary("  portal", scores, time.perf_counter() - started)
    values = list(scores.values())
    ok = statistics.median(values) >= 0.98 and percentile(values, 0.1) >= 0.9
    print(f"\nTarget (median >= 0.98, p10 >= 0.90): {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
