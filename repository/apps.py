from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RepositoryConfig(AppConfig):
    name = "repository"
    verbose_name = _("Knowledge repository")

    def ready(self):
        from committees import signals as committee_signals

        from . import receivers

        committee_signals.meeting_recorded.connect(
            receivers.file_meeting_record, dispatch_uid="repository.file_meeting_record"
        )
        committee_signals.meeting_page_links.connect(
            receivers.meeting_page_links, dispatch_uid="repository.meeting_page_links"
        )

        from twg.signals import page_feeds

        from .feeds import offer_working_group_feed

        page_feeds.connect(offer_working_group_feed, dispatch_uid="repository-twg-feed")
