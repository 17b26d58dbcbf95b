"""Code and documents cite only what is in the repository (docs/architecture.md): no path of the
workspace the project was built in, such as shared/programme."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("accounts", "home", "events", "learning", "site", "templates", "docs", "tools", "bench", "tests")
# Wagtail's own template folders are called shared too (wagtailadmin/shared/...).
OUTSIDE = re.compile(r"(?<![\w/])shared/")


def test_nothing_cites_a_folder_outside_the_repository():
    offenders = []
    files = [
        ROOT / "README.md",
        *(p for folder in SOURCES for p in (ROOT / folder).rglob("*") if p.is_file()),
    ]
    for path in files:
        if path.suffix not in {".py", ".md", ".html", ".txt"} or path == Path(__file__):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if OUTSIDE.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)
