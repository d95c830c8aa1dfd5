"""The members app's pages, one module for each part of the site (see ``members/urls.py``):
``directory`` (the public directory, organisation profiles, the code of conduct, the
membership page), ``applications`` (applying and nominations), ``review`` (the reviewers'
queue) and ``focal`` (the focal persons' pages and invitations)."""
