"""What the monitoring pages share: the quarter in the address, and the CSV response."""

import csv

from django.http import Http404, HttpResponse

from ..quarters import Quarter


def quarter_from(slug):
    """The quarter named in the address; 404 for a malformed one or one still to come."""
    try:
        quarter = Quarter.parse(slug)
    except ValueError:
        raise Http404 from None
    if quarter.is_future() or quarter.year < 2000:
        raise Http404
    return quarter


def csv_response(filename, header, rows):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # A byte-order mark so that spreadsheet programmes read the accents right.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([str(item) for item in header])
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    return response
