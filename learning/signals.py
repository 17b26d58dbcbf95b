from django.db.models.signals import post_delete, post_save

from home.versions import bump_site_content_version

from .models import AudienceRole


def roles_changed(sender, **kwargs):
    # Path pages name their roles; the public page cache must not keep the old names.
    bump_site_content_version()


post_save.connect(roles_changed, sender=AudienceRole, dispatch_uid="learning_roles_saved")
post_delete.connect(roles_changed, sender=AudienceRole, dispatch_uid="learning_roles_deleted")
