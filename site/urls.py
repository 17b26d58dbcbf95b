from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.urls import serve_pattern

from home.sitemaps import LocalisedSitemap
from home.views import robots_txt, search, serve

from .views import LogoutView

# Language-neutral: the admin, documents, the sitemap, robots.txt.
urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": LocalisedSitemap}}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
]

# Uploaded media is served by Django in development and tests; production puts a web server in front.
if settings.DEBUG or settings.SERVE_MEDIA:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Everything a visitor reads lives under /sv/ or /en/; "/" redirects by Accept-Language.
urlpatterns += i18n_patterns(
    path("accounts/", include("accounts.urls")),
    # allauth's sign-out, clearing what "My learning" kept in the browser (site/views.py).
    path("accounts/logout/", LogoutView.as_view(), name="account_logout"),
    path("accounts/", include("allauth.urls")),
    path("feeds/", include("events.urls")),
    path(_("search/"), search, name="search"),
    path("", include("bookings.urls")),
    path("", include("learning.urls")),
    path("", include("followup.urls")),
    path("", include("bookings.interest_urls")),
    # The password form of a page under a password restriction posts here; ahead of the page view,
    # whose pattern would take the path for a page's (Wagtail's own list has it first too).
    path(
        "_util/authenticate_with_password/<id:page_view_restriction_id>/<id:page_id>/",
        wagtail_views.authenticate_with_password,
        name="wagtailcore_authenticate_with_password",
    ),
    # Wagtail's page view after the routing shortcut of home/routing.py; Wagtail's other URLs follow.
    re_path(serve_pattern, serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler404 = "conecto_site.views.page_not_found"
