"""Reading a Wagtail admin form the way a browser would send it, for tests that post over HTTP."""

from bs4 import BeautifulSoup


def admin_form_data(client, url):
    """The page editor's fields at ``url`` with their current values, as the browser would post them."""
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    form = soup.select_one("form#page-edit-form, form[data-edit-form]")
    data = {}
    for field in form.select("input[name], textarea[name], select[name]"):
        name = field["name"]
        if field.name == "textarea":
            data[name] = field.get_text()
        elif field.name == "select":
            selected = field.select_one("option[selected]")
            data[name] = selected["value"] if selected else ""
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data.setdefault(name, []).append(field.get("value", "on"))
        elif field.get("type") != "submit":
            data[name] = field.get("value", "")
    # The StreamField editor is drawn by JavaScript; an empty body posts just its count.
    data.setdefault("body-count", "0")
    return data
