from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CopPortalConfig(AppConfig):
    """The project package as an app: site-wide templates, tags and management commands."""

    default = True
    name = "cop_portal"
    verbose_name = "CoP Portal"


class PortalAdminConfig(admin_apps.AdminConfig):
    """The Django admin, served by a site that insists on two-factor authentication."""

    default = False
    default_site = "cop_portal.admin.PortalAdminSite"
