from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_theme_section")
def theme_news_section():
    from .news import latest_for_theme, news_link_for_theme
    from .themes import ThemeSection

    # Before the events: news is what changes most often on a theme.
    return ThemeSection(
        key="news",
        heading=_("Latest news"),
        template="home/news_theme_section.html",
        items=latest_for_theme,
        more_link=news_link_for_theme,
        order=5,
    )


# Before wagtail-localize's own before_edit_page hook, which draws the translation editor.
@hooks.register("before_edit_page", order=-10)
def submit_translation_for_review(request, page):
    from .translation_review import submit_translation_for_review

    return submit_translation_for_review(request, page)


def latest_news_for_home(request, home_page):
    from .models import NewsIndexPage, latest_news

    items = latest_news(home_page.locale_id, limit=3, request=request)
    if not items:
        return None
    return {
        "items": items,
        "news_index": NewsIndexPage.objects.live().filter(locale_id=home_page.locale_id).first(),
    }


@hooks.register("register_home_section")
def home_news_section():
    from .home_sections import HomeSection

    return HomeSection(
        key="news", template="home/news_home_section.html", context=latest_news_for_home, order=10
    )


# Demo content (home/demo.py): the site, pages and themes first, news and logins after the events.


@hooks.register("register_demo_content", order=10)
def seed_home_pages_and_themes(demo):
    from .demo import seed_site_pages_and_themes

    return seed_site_pages_and_themes(demo)


@hooks.register("register_demo_content", order=30)
def seed_home_news_and_users(demo):
    from .demo import seed_news_footer_and_users

    return seed_news_footer_and_users(demo)


# Outside Wagtail's own view-restriction check, which then reads the restrictions found here.
@hooks.register("on_serve_page", order=-10)
def keep_restricted_pages_out_of_page_cache(serve):
    from .page_cache import keep_out_of_page_cache
    from .routing import view_restrictions

    def inner(page, request, serve_args, serve_kwargs):
        restrictions = view_restrictions(page, request)
        page.get_view_restrictions = lambda: restrictions  # one look-up for both checks
        if restrictions:
            keep_out_of_page_cache(request)
        return serve(page, request, serve_args, serve_kwargs)

    return inner
