"""The pages under /committees/, one module per part: ``bodies`` (the committees and who sits
on them) and ``meetings`` (scheduling, registration, the record and action items). The
calendar under /events/ is ``committees.calendar``."""
