"""Pages of the bulletin (``/bulletin/...``), one module per part of the site: ``public``
(the archive and editions), ``submissions`` (members' submissions and their files),
``moderation`` (the content coordinator's moderation) and ``editions`` (building, previewing
and publishing editions). A submission or an unpublished edition a user may not see answers
404. Subscriptions are in ``bulletin.subscriptions``, the feed in ``bulletin.feeds``."""
