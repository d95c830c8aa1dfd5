"""The ZIP of a person's data, written piece by piece: each kind of record is a JSON array
written row by row, each file copied in chunks, so memory stays bounded whatever the size
of the person's history (1,000 attendances and 100 uploads take no more than ten)."""

import json
import shutil
import zipfile

from django.utils import timezone

from core.personal_data import contributions

CHUNK = 64 * 1024

README = """This archive holds the personal data the CoP Portal keeps about you, as it was on
{when}.

Each JSON file is one kind of record (for example members-applications.json: the membership
applications you made), as a list of objects. The folder files/ holds the files you uploaded.

Kenya Community of Practice for Social Protection — CoP Portal
"""


def write_archive(user, out):
    """Write the ZIP of ``user``'s data to the binary file object ``out``. Returns the
    number of JSON files and of uploaded files written."""
    kinds = files = 0
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
        zf.writestr("README.txt", README.format(when=timezone.now().isoformat(timespec="minutes")))
        seen = set()
        for contribution in contributions():
            for kind, rows in contribution.export(user):
                with zf.open(f"{kind}.json", "w") as entry:
                    entry.write(b"[")
                    for index, row in enumerate(rows):
                        entry.write(b",\n" if index else b"\n")
                        entry.write(json.dumps(row, ensure_ascii=False, default=str).encode())
                    entry.write(b"\n]\n")
                kinds += 1
            for exported in contribution.files(user):
                name = _unique(f"files/{exported.name}", seen)
                try:
                    source = exported.storage.open(exported.path, "rb")
                except FileNotFoundError:
                    continue
                with source, zf.open(name, "w", force_zip64=True) as entry:
                    shutil.copyfileobj(source, entry, CHUNK)
                files += 1
    return kinds, files


def _unique(name, seen):
    candidate, number = name, 1
    while candidate in seen:
        stem, dot, extension = name.rpartition(".")
        candidate = f"{stem}-{number}.{extension}" if dot else f"{name}-{number}"
        number += 1
    seen.add(candidate)
    return candidate
