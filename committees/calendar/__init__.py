"""The calendar of meetings: the events page and month view under /events/, one meeting's
``.ics`` file, and the public and private iCalendar feeds."""
