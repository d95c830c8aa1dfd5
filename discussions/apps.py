from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscussionsConfig(AppConfig):
    name = "discussions"
    verbose_name = _("Ask the CoP")

    def ready(self):
        from repository import signals as repository_signals

        from . import receivers

        repository_signals.document_page_links.connect(
            receivers.document_page_links, dispatch_uid="discussions.document_page_links"
        )
