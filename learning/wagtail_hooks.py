from wagtail import hooks

from .choosers import module_chooser, seminar_chooser, supervision_chooser


@hooks.register("register_admin_viewset")
def register_event_choosers():
    return [seminar_chooser, module_chooser, supervision_chooser]
