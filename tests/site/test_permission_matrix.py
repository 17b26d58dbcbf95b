"""Who may open what: the whole access policy of the views the project adds, as one table (issue 22).

Each row is a view that is not plainly public (the admin's bookings, roster and check-in display,
attendance import, evaluation results, reports and their exports, the calendar import, page editing;
the public site's personal pages and POSTs); each column is a role (tests/site/world.py). A cell is
what that role gets:

    200    the page, or the file
    done   a redirect after the change was made (not to a sign-in, not the admin's refusal)
    login  a redirect to a sign-in page (the site's, or the admin's for someone without admin access)
    403    refused; inside the admin Wagtail answers a refused view with a redirect to the dashboard
           and "Sorry, you do not have permission" (wagtail.admin.auth.permission_denied), read as 403
    404    someone else's object is as unknown as one that does not exist
    400, 409  the view was reached and refused the input (a wrong password, a second booking)

Each role's request runs in a savepoint rolled back after it, so every cell starts from the same site.
A view the project adds that has no row here and is not listed as public fails
``test_every_view_the_project_adds_has_a_row``.
"""

from dataclasses import dataclass

import pytest
import time_machine
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import get_resolver, reverse
from django.urls.resolvers import URLResolver
from django.utils import translation

from conecto_site.page_cache import local_entries
from events.feeds.blocks import local_entries as local_feed_blocks
from home.versioned_cache import local_memo

from .world import ROLES, module_world_fixture

pytestmark = pytest.mark.django_db
module_world = module_world_fixture()

# fmt: off
POLICY = """
row                                         method anon  owner other comm  mod   editor organiser followup super
# The admin: bookings, the roster with its check-in display (QR code, link, code), attendance import
bookings_admin:index                        GET    login login login 403   403   200    200       403      200
bookings_admin:event                        GET    login login login 403   403   200    200       403      200
bookings_admin:date                         GET    login login login 403   403   200    200       403      200
bookings_admin:date?export=csv              GET    login login login 403   403   200    200       403      200
bookings_admin:date?export=xlsx             GET    login login login 403   403   200    200       403      200
bookings_admin:roster                       GET    login login login 403   403   200    200       403      200
bookings_admin:roster                       POST   login login login 403   403   done   done      403      done
bookings_admin:attendance_import            GET    login login login 403   403   200    200       403      200
bookings_admin:capacity                     POST   login login login 403   403   done   done      403      done
bookings_admin:cancel                       GET    login login login 403   403   200    200       403      200
bookings_admin:cancel                       POST   login login login 403   403   done   done      403      done
bookings_admin:approve                      POST   login login login 403   403   done   done      403      done
bookings_admin:reject                       POST   login login login 403   403   done   done      403      done
bookings_admin:failed_mails                 GET    login login login 403   403   403    403       403      200
# Evaluation results and the questionnaires
followup_admin:index                        GET    login login login 403   403   200    200       200      200
followup_admin:event                        GET    login login login 403   403   200    200       200      200
wagtailsnippets_followup_questionnaire:list GET    login login login 403   403   200    403       403      200
# Reports and their exports
followup_report                             GET    login login login 403   403   403    403       200      200
followup_report?export=csv                  GET    login login login 403   403   403    403       200      200
followup_report?export=xlsx                 GET    login login login 403   403   403    403       200      200
followup_report_results                     GET    login login login 403   403   403    403       200      200
followup_participant_list                   GET    login login login 403   403   403    403       200      200
followup_participant_list?export=csv        GET    login login login 403   403   403    403       200      200
followup_participant_list?export=xlsx       GET    login login login 403   403   403    403       200      200
followup_participant_list_results           GET    login login login 403   403   403    403       200      200
followup_export_log                         GET    login login login 403   403   403    403       403      200
followup_export_log_results                 GET    login login login 403   403   403    403       403      200
learning_path_report                        GET    login login login 403   200   200    403       403      200
learning_path_report?export=csv             GET    login login login 403   200   200    403       403      200
learning_path_report_results                GET    login login login 403   200   200    403       403      200
# Calendar import, copying for a new term, the events listing, page editing, people
events_import_calendar                      GET    login login login 403   200   200    403       403      200
events_copy_for_term                        GET    login login login 403   200   200    403       403      200
events:index                                GET    login login login 403   200   200    403       403      200
events:index_results                        GET    login login login 403   200   200    403       403      200
learning_seminar_chooser:choose             GET    login login login 200   200   200    200       200      200
learning_seminar_chooser:choose_results     GET    login login login 200   200   200    200       200      200
learning_module_chooser:choose              GET    login login login 200   200   200    200       200      200
learning_module_chooser:choose_results      GET    login login login 200   200   200    200       200      200
learning_supervision_chooser:choose         GET    login login login 200   200   200    200       200      200
learning_supervision_chooser:choose_results GET    login login login 200   200   200    200       200      200
learning_seminar_chooser:chosen             GET    login login login 200   200   200    200       200      200
learning_seminar_chooser:chosen_multiple    GET    login login login 200   200   200    200       200      200
learning_module_chooser:chosen              GET    login login login 200   200   200    200       200      200
learning_module_chooser:chosen_multiple     GET    login login login 200   200   200    200       200      200
learning_supervision_chooser:chosen         GET    login login login 200   200   200    200       200      200
learning_supervision_chooser:chosen_multiple GET    login login login 200   200   200    200       200      200
edit:standard_page                          GET    login login login 403   200   200    403       403      200
edit:theme_page(communicators'_section)     GET    login login login 200   200   200    403       403      200
wagtailusers_users:index                    GET    login login login 403   403   403    403       403      200
# The public site's personal pages: the owner's own, nobody else's
my_learning                                 GET    login 200   200   200   200   200    200       200      200
followup_certificate                        GET    login 200   200   200   200   200    200       200      200
account_profile                             GET    login 200   200   200   200   200    200       200      200
account_download_data                       POST   login 200   200   200   200   200    200       200      200
account_delete                              GET    login 200   200   200   200   200    200       200      200
account_delete(wrong_password)              POST   login 400   400   400   400   400    400       400      400
followup_evaluation                         GET    login 200   404   404   404   404    404       404      404
followup_evaluation                         POST   login done  404   404   404   404    404       404      404
followup_follow_up                          GET    login 200   404   404   404   404    404       404      404
cancel_booking                              POST   login done  404   404   404   404    404       404      404
# Booking is for oneself: the owner already holds a place, anyone else books their own
book                                        POST   login 409   done  done  done  done   done      done     done
# Hearing of new dates: refused while the event still has dates
bookings_ask_new_dates                      POST   login 409   409   409   409   409    409       409      409
bookings_stop_new_dates                     POST   login done  done  done  done  done   done      done     done
# The personal feed's address is its own key: whoever holds the token, and no other token
personal_feed                               GET    200   200   200   200   200   200    200       200      200
personal_feed(another_token)                GET    404   404   404   404   404   404    404       404      404
new_personal_feed                           POST   login done  done  done  done  done   done      done     done
# Check-in, during the date's window: anyone signed in, since a walk-in checks in too
check_in                                    GET    login 200   200   200   200   200    200       200      200
check_in                                    POST   login 200   200   200   200   200    200       200      200
check_in_code                               GET    login 200   200   200   200   200    200       200      200
# A learning path's own actions (the path page's routable sub-routes)
path:follow                                 POST   login done  done  done  done  done   done      done     done
path:leave                                  POST   login done  done  done  done  done   done      done     done
path:step_done                              POST   login done  done  done  done  done   done      done     done
path:step_undo                              POST   login done  done  done  done  done   done      done     done
# Pages that are not public: restricted to signed-in people; a draft (nobody, on the site)
restricted_page                             GET    login 200   200   200   200   200    200       200      200
draft_page                                  GET    404   404   404   404   404   404    404       404      404
"""
# fmt: on


def sv(name, *args):
    with translation.override("sv"):
        return reverse(name, args=args)


def admin(name, *args):
    return lambda w: reverse(name, args=[arg(w) for arg in args])


def date_id(w):
    return w.session_date.pk


def booking_id(w):
    return w.booking.pk


def event_id(w):
    return w.pages["event"].pk


def occurrence_start(w):
    return w.pages["event"].occurrences.order_by("start").first().original_start.isoformat()


def check_in_time(w):
    return w.check_in_time()


@dataclass(frozen=True)
class Request:
    url: object  # world -> the address
    data: object = None  # world -> the POST's fields
    at: object = None  # world -> when to make the request (default: now)


# How to make each row's request. A row "name?query" is the row "name" with that query string.
REQUESTS = {
    "bookings_admin:index": Request(admin("bookings_admin:index")),
    "bookings_admin:event": Request(admin("bookings_admin:event", event_id)),
    "bookings_admin:date": Request(admin("bookings_admin:date", date_id)),
    "bookings_admin:roster": Request(
        admin("bookings_admin:roster", date_id), lambda w: {"action": "mark_all"}
    ),
    "bookings_admin:attendance_import": Request(admin("bookings_admin:attendance_import", date_id)),
    "bookings_admin:capacity": Request(
        admin("bookings_admin:capacity", date_id), lambda w: {"capacity": "12"}
    ),
    "bookings_admin:cancel": Request(admin("bookings_admin:cancel", booking_id)),
    "bookings_admin:approve": Request(admin("bookings_admin:approve", booking_id)),
    "bookings_admin:reject": Request(admin("bookings_admin:reject", booking_id)),
    "bookings_admin:failed_mails": Request(admin("bookings_admin:failed_mails")),
    "followup_admin:index": Request(admin("followup_admin:index")),
    "followup_admin:event": Request(
        lambda w: reverse("followup_admin:event", args=[w.past_event.translation_key])
    ),
    "wagtailsnippets_followup_questionnaire:list": Request(
        admin("wagtailsnippets_followup_questionnaire:list")
    ),
    "followup_report": Request(admin("followup_report")),
    "followup_report_results": Request(admin("followup_report_results")),
    "followup_participant_list": Request(admin("followup_participant_list")),
    "followup_participant_list_results": Request(admin("followup_participant_list_results")),
    "followup_export_log": Request(admin("followup_export_log")),
    "followup_export_log_results": Request(admin("followup_export_log_results")),
    "learning_path_report": Request(admin("learning_path_report")),
    "learning_path_report_results": Request(admin("learning_path_report_results")),
    "events_import_calendar": Request(admin("events_import_calendar")),
    "events_copy_for_term": Request(admin("events_copy_for_term", event_id)),
    "events:index": Request(admin("events:index")),
    "events:index_results": Request(admin("events:index_results")),
    "learning_seminar_chooser:choose": Request(admin("learning_seminar_chooser:choose")),
    "learning_seminar_chooser:choose_results": Request(admin("learning_seminar_chooser:choose_results")),
    "learning_module_chooser:choose": Request(admin("learning_module_chooser:choose")),
    "learning_module_chooser:choose_results": Request(admin("learning_module_chooser:choose_results")),
    "learning_supervision_chooser:choose": Request(admin("learning_supervision_chooser:choose")),
    "learning_supervision_chooser:choose_results": Request(
        admin("learning_supervision_chooser:choose_results")
    ),
    "learning_seminar_chooser:chosen": Request(admin("learning_seminar_chooser:chosen", event_id)),
    "learning_seminar_chooser:chosen_multiple": Request(
        lambda w: reverse("learning_seminar_chooser:chosen_multiple") + f"?id={event_id(w)}"
    ),
    "learning_module_chooser:chosen": Request(admin("learning_module_chooser:chosen", event_id)),
    "learning_module_chooser:chosen_multiple": Request(
        lambda w: reverse("learning_module_chooser:chosen_multiple") + f"?id={event_id(w)}"
    ),
    "learning_supervision_chooser:chosen": Request(admin("learning_supervision_chooser:chosen", event_id)),
    "learning_supervision_chooser:chosen_multiple": Request(
        lambda w: reverse("learning_supervision_chooser:chosen_multiple") + f"?id={event_id(w)}"
    ),
    "edit:standard_page": Request(
        lambda w: reverse("wagtailadmin_pages:edit", args=[w.pages["standard"].pk])
    ),
    "edit:theme_page(communicators'_section)": Request(
        lambda w: reverse("wagtailadmin_pages:edit", args=[w.pages["theme"].pk])
    ),
    "wagtailusers_users:index": Request(admin("wagtailusers_users:index")),
    "my_learning": Request(lambda w: sv("my_learning")),
    "followup_certificate": Request(lambda w: sv("followup_certificate")),
    "account_profile": Request(lambda w: sv("account_profile")),
    "account_download_data": Request(lambda w: sv("account_download_data")),
    "account_delete": Request(lambda w: sv("account_delete")),
    "account_delete(wrong_password)": Request(lambda w: sv("account_delete"), lambda w: {"confirm": "wrong"}),
    "followup_evaluation": Request(
        lambda w: sv("followup_evaluation", w.evaluation_booking.pk),
        lambda w: {"can_apply": "4", "usefulness": "5", "comment": ""},
    ),
    "followup_follow_up": Request(lambda w: sv("followup_follow_up", w.follow_up_booking.pk)),
    "cancel_booking": Request(lambda w: sv("cancel_booking", booking_id(w))),
    "book": Request(lambda w: sv("book", event_id(w)), lambda w: {"date": occurrence_start(w)}),
    "bookings_ask_new_dates": Request(lambda w: sv("bookings_ask_new_dates", event_id(w))),
    "bookings_stop_new_dates": Request(lambda w: sv("bookings_stop_new_dates", event_id(w))),
    "personal_feed": Request(lambda w: sv("personal_feed", w.feed_token)),
    "personal_feed(another_token)": Request(lambda w: sv("personal_feed", "x" * len(w.feed_token))),
    "new_personal_feed": Request(lambda w: sv("new_personal_feed")),
    "check_in": Request(lambda w: sv("check_in", w.check_in_token), at=check_in_time),
    "check_in_code": Request(lambda w: sv("check_in_code")),
    "path:follow": Request(lambda w: w.pages["path"].url + "follow/"),
    "path:leave": Request(lambda w: w.pages["path"].url + "leave/"),
    "path:step_done": Request(lambda w: w.pages["path"].url + f"steps/{w.step_id}/done/"),
    "path:step_undo": Request(lambda w: w.pages["path"].url + f"steps/{w.step_id}/undo/"),
    "restricted_page": Request(lambda w: w.pages["restricted"].url),
    "draft_page": Request(lambda w: "/sv/" + w.pages["draft"].slug + "/"),
}


@dataclass(frozen=True)
class Row:
    name: str
    method: str
    cells: dict  # role -> expected outcome

    @property
    def id(self):
        return f"{self.method} {self.name}"


def _cell(text):
    return int(text) if text.isdigit() else text


def parse_policy(text):
    lines = [line for line in text.strip().splitlines() if not line.startswith("#")]
    header, *body = (line.split() for line in lines)
    assert header[2:] == list(ROLES), header
    return [
        Row(name, method, dict(zip(ROLES, map(_cell, cells), strict=True))) for name, method, *cells in body
    ]


MATRIX = parse_policy(POLICY)

# Views the project adds that anyone may open (their own tests cover what they show).
PUBLIC = {
    "robots_txt",
    "search",
    "events_feed",
    "event_feed",
    "occurrence_download",
    "learning_path_feed",
    "wagtail_serve",
    "account_logout",
}
PROJECT_APPS = {"accounts", "bookings", "events", "followup", "home", "learning", "conecto_site"}


def _reset_caches():
    cache.clear()
    local_entries.clear()
    local_feed_blocks.clear()
    local_memo.clear()


def outcome(response):
    """The cell a response is: its status, or login / 403 / done for a redirect."""
    if response.status_code in (301, 302, 303):
        path = response["Location"].split("?")[0]
        if path in (sv("account_login"), reverse("wagtailadmin_login")):
            return "login"
        if path == reverse("wagtailadmin_home"):
            return 403
        return "done"
    return response.status_code


def request_as(world, row, role):
    name, _, query = row.name.partition("?")
    spec = REQUESTS[name]
    client = Client()
    if role != "anon":
        client.force_login(world.users[role])
    url = spec.url(world) + (f"?{query}" if query else "")
    if row.method == "GET":
        return client.get(url)
    return client.post(url, spec.data(world) if spec.data else {})


def run_cell(world, row, role):
    """One request, undone afterwards: a savepoint rolled back, the caches emptied."""
    _reset_caches()
    spec = REQUESTS[row.name.partition("?")[0]]
    with transaction.atomic():
        if spec.at is not None:
            with time_machine.travel(spec.at(world), tick=False):
                response = request_as(world, row, role)
        else:
            response = request_as(world, row, role)
        transaction.set_rollback(True)
    return outcome(response)


@pytest.mark.parametrize("row", MATRIX, ids=[row.id for row in MATRIX])
def test_the_matrix(module_world, row):
    actual = {role: run_cell(module_world, row, role) for role in ROLES}
    assert actual == row.cells


def test_every_row_says_how_to_make_its_request_and_no_request_is_left_over():
    names = {row.name.partition("?")[0] for row in MATRIX}
    assert names == set(REQUESTS)


def _project_url_names():
    names = set()

    def walk(resolver, namespaces):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern, namespaces + ([pattern.namespace] if pattern.namespace else []))
                continue
            view = getattr(pattern.callback, "view_class", pattern.callback)
            if view.__module__.split(".")[0] in PROJECT_APPS:
                names.add(":".join([*namespaces, pattern.name or "?"]))

    walk(get_resolver(), [])
    return names


def test_every_view_the_project_adds_has_a_row():
    rows = {row.name.partition("?")[0] for row in MATRIX}
    missing = _project_url_names() - rows - PUBLIC
    assert not missing, f"a view without a row in POLICY (or in PUBLIC): {sorted(missing)}"
