// django-recurrence expects Django admin's `django.jQuery`; Wagtail's admin already loads jQuery.
window.django = window.django || {};
window.django.jQuery = window.django.jQuery || window.jQuery;

// The widget draws its panels as <form> elements inside Wagtail's page form: pressing Enter in one
// would submit it and reload the editor, losing unsaved work.
document.addEventListener(
  "submit",
  (event) => {
    if (event.target.closest("div.recurrence-widget")) {
      event.preventDefault();
    }
  },
  true,
);
