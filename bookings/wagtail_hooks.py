from wagtail import hooks

from events.signup_sections import EventSignup

from .display import signup_context


@hooks.register("register_event_signup")
def event_signup():
    return EventSignup(template="bookings/event_signup.html", context=signup_context)
