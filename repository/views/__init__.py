"""Pages of the knowledge repository (``/documents/...``), one module per part of the site:
``documents`` (the list and search, a document's pages, uploads and downloads), ``feeds`` (the
page of feeds one may follow and the private feed key) and ``approvals`` (the content
coordinator's approval of documents made public). The Atom feeds are in ``repository.feeds``."""
