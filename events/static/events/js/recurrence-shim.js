// django-recurrence expects Django admin's `django.jQuery`; Wagtail's admin already loads jQuery.
window.django = window.django || {};
window.django.jQuery = window.django.jQuery || window.jQuery;
