from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RepositoryConfig(AppConfig):
    name = "repository"
    verbose_name = _("Knowledge repository")

    def ready(self):
        from twg.signals import page_feeds

        from .feeds import offer_working_group_feed

        page_feeds.connect(offer_working_group_feed, dispatch_uid="repository-twg-feed")
