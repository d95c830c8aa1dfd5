"""The Atom feed of published editions."""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from core.sanitise import clean_html, html_to_text

from . import selectors

FEED_SIZE = 20


class EditionFeed(Feed):
    feed_type = Atom1Feed
    title = _("The Kenya Social Protection Bulletin")
    subtitle = _("Quarterly editions of the bulletin of the Kenya Social Protection CoP.")
    link = reverse_lazy("bulletin:archive")

    def items(self):
        return selectors.archive()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Plain text of the sanitised editorial: feed readers show it as the entry's summary.
        return html_to_text(clean_html(item.editorial))[:1000]

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at

    def item_link(self, item):
        return item.get_absolute_url()
