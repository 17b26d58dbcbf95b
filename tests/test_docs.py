"""Comments and docstrings point only to documents in the repository, and to headings that exist."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARCHITECTURE = ROOT / "docs" / "architecture.md"
SOURCE_FOLDERS = [
    "accounts",
    "bench",
    "events",
    "followup",
    "home",
    "learning",
    "site",
    "templates",
    "tests",
    "tools",
]
SOURCE_SUFFIXES = {".py", ".html", ".txt", ".js", ".css"}
TOP_LEVEL_FILES = ["Makefile", "pyproject.toml", "manage.py", ".pre-commit-config.yaml", ".ci/run"]

# "(see docs/architecture.md, recurrence and time zones)", possibly wrapped over comment lines.
TOPIC_REFERENCE = re.compile(r"docs/architecture\.md,\s*([^)]+?)\)")
DOCUMENT_REFERENCE = re.compile(r"\b(docs/[\w./-]+\.md)\b")


def source_files():
    files = [ROOT / name for name in TOP_LEVEL_FILES if (ROOT / name).exists()]
    for folder in SOURCE_FOLDERS:
        files += [
            path
            for path in (ROOT / folder).rglob("*")
            if path.suffix in SOURCE_SUFFIXES and "__pycache__" not in path.parts
        ]
    return files


def text_of(path):
    return path.read_text(encoding="utf-8", errors="replace")


def headings():
    return {
        line.lstrip("#").strip().lower()
        for line in text_of(ARCHITECTURE).splitlines()
        if re.match(r"#{1,6} ", line)
    }


def normalise(topic):
    return " ".join(topic.replace("#", " ").replace('"', " ").split()).lower().rstrip(".")


def test_every_topic_a_comment_cites_is_a_heading_of_the_architecture_document():
    known = headings()
    cited = {}
    for path in source_files():
        for match in TOPIC_REFERENCE.finditer(text_of(path)):
            cited.setdefault(normalise(match.group(1)), []).append(str(path.relative_to(ROOT)))
    assert cited, "the code cites docs/architecture.md by topic; this test must find those citations"
    missing = {topic: places for topic, places in cited.items() if topic not in known}
    assert missing == {}, f"headings missing in docs/architecture.md: {missing}"


def test_comments_cite_no_document_outside_the_repository():
    problems = []
    this_file = Path(__file__).resolve()
    for path in source_files():
        if path.resolve() == this_file:
            continue
        text = text_of(path)
        for match in DOCUMENT_REFERENCE.finditer(text):
            if not (ROOT / match.group(1)).exists():
                problems.append(f"{path.relative_to(ROOT)}: {match.group(1)}")
        if re.search(r"\bDESIGN(\.md)?\b", text):
            problems.append(f"{path.relative_to(ROOT)}: DESIGN")
        for match in re.finditer(r"\b[Ss]ection \d", text):
            # An RFC's numbered section is a public document; a bare "section 6" is somebody's notes.
            if "RFC" not in text[max(0, match.start() - 20) : match.start()]:
                problems.append(f"{path.relative_to(ROOT)}: {text[match.start() : match.end() + 10]!r}")
    assert problems == []
