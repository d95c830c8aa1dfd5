"""Atom feeds of documents: the public one, and one per working group for its members.

Feed readers fetch without a session, so a working group's feed address carries the
member's private key (``FeedToken``). Every fetch looks the key's user up again and asks the
same selectors as the pages: a member whose seat or membership has ended gets a 404, and an
entry they may no longer see drops out."""

from types import SimpleNamespace

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from twg.models import WorkingGroup

from . import selectors


def absolute(path):
    return settings.SITE_URL + path


def author_of(document):
    """The authors as written, else the publisher organisations; never the uploader."""
    if document.authors.strip():
        return " ".join(document.authors.split())
    return ", ".join(p.name for p in document.publishers.all()) or None


class DocumentFeed(Feed):
    """What every document feed's entries carry."""

    feed_type = Atom1Feed
    cache_control = "public, max-age=900"

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        response["Cache-Control"] = self.cache_control
        response["X-Robots-Tag"] = "noindex"
        return response

    def item_title(self, document):
        return document.title

    def item_link(self, document):
        return absolute(document.get_absolute_url())

    def item_description(self, document):
        # Atom readers take the summary as HTML: the text is escaped first.
        return linebreaks(escape(document.summary)) if document.summary else ""

    def item_author_name(self, document):
        return author_of(document)

    def item_pubdate(self, document):
        return getattr(document, "listed_at", None) or document.created_at

    def item_updateddate(self, document):
        return document.updated_at

    def item_categories(self, document):
        return [str(document.get_type_display())] + [
            topic.body.name for topic in document.topics.all()
        ]


class PublicDocumentFeed(DocumentFeed):
    title = gettext_lazy("Kenya Social Protection CoP: new public documents")
    subtitle = gettext_lazy("Documents of the social protection sector made public on the portal.")

    def link(self):
        return absolute(reverse("repository:list"))

    def feed_url(self):
        return absolute(reverse("repository:feed"))

    def items(self):
        return selectors.public_feed_documents()


class WorkingGroupDocumentFeed(DocumentFeed):
    """``/documents/feed/<group>/<key>/``: the group's documents as the key's user sees them."""

    cache_control = "private, no-store"

    def get_object(self, request, slug, token):
        user = selectors.feed_user(token)
        if user is None:
            raise Http404
        try:
            group = WorkingGroup.objects.select_related("body").get(body__slug=slug)
        except WorkingGroup.DoesNotExist:
            raise Http404 from None
        if not selectors.can_follow(user, group):
            raise Http404
        return SimpleNamespace(group=group, user=user, token=token)

    def title(self, obj):
        return _("%(group)s: documents") % {"group": obj.group.name}

    def subtitle(self, obj):
        return _("New documents of the working group and documents filed under its topic.")

    def link(self, obj):
        return absolute(obj.group.get_absolute_url())

    def feed_url(self, obj):
        return absolute(
            reverse(
                "repository:group_feed", kwargs={"slug": obj.group.body.slug, "token": obj.token}
            )
        )

    def items(self, obj):
        return selectors.working_group_feed_documents(obj.user, obj.group)


def offer_working_group_feed(sender, *, working_group, user, request, **kwargs):
    """Answers ``twg.signals.page_feeds``: a working group's page offers its document feed
    to those who may follow it, with their private address if they have one."""
    if not selectors.can_follow(user, working_group):
        return None
    token = selectors.feed_token_of(user)
    url = None
    if token is not None:
        url = request.build_absolute_uri(
            reverse(
                "repository:group_feed",
                kwargs={"slug": working_group.body.slug, "token": token.token},
            )
        )
    return {
        "title": _("%(group)s: documents") % {"group": working_group.name},
        "url": url,
        "manage_url": reverse("repository:feeds"),
    }
