"""Signals the working group app sends. Apps above ``twg`` answer them (connected in their
AppConfig.ready()), so that ``twg`` never imports them."""

from django.dispatch import Signal

# Sent while a working group's page is built, to collect the feeds it offers the visitor.
# Arguments: working_group, user, request. A receiver returns None (nothing to offer) or a
# dict with "title", "url" (the feed's address, or None when the visitor has none yet) and
# "manage_url" (the page where the visitor gets or resets the address).
page_feeds = Signal()
