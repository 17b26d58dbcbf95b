"""Soft hyphens in long Swedish compounds, where a person would break them.

Chromium on Linux (and Android) ships no Swedish hyphenation dictionary, so ``hyphens: auto`` does
nothing there and a long word in a narrow column is broken by ``overflow-wrap`` wherever the line
ends: "Handledningsgru/pp", without a hyphen. A soft hyphen (U+00AD) is an invisible break
opportunity that every browser honours and shows as a hyphen when it breaks the line there; search
in the page, screen readers and copied text ignore it.

``soft_hyphens`` puts one at the boundaries of the compound parts it knows (``PARTS``, the words the
programme's titles are made of) in words of ``LONG_WORD`` letters or more, and leaves every other
word alone: a word it cannot split falls back on the stylesheet (``overflow-wrap``), which keeps the
page from scrolling sideways. Used in titles (the ``soft_hyphens`` template filter in
home/templatetags/site_tags.py), never in <title>, feeds or structured data.
"""

import re

SOFT_HYPHEN = "\u00ad"
LONG_WORD = 16  # shorter words fit a 320 px screen even in a heading
MIN_TAIL = 4  # never leave fewer letters than this after a break

# Compound parts, each with its linking -s where the language puts one. Longest match first.
_PART_LIST = """
    arbets arbetsmarknads arbetsmarknad förmedlingen förmedling försäkrings kassan kassa
    kompetens utvecklings utveckling utvecklingen satsning satsningen insatser insats
    handlednings handledning grupp grupper gruppen samordnings förbund förbunden förbundet förbundens
    kunskaps seminarium seminarier seminariet fördjupnings modul moduler modulen
    tillgänglighets redogörelse redogörelsen behovs inventering inventeringen jämställdhets
    diskriminerings samverkans samverkan deltagar involvering medborgar perspektiv helhets
    genomförande projektet projekt beskrivningen presentations material personuppgifts ansvarig
    funktions nedsättning variation forsknings etablering förhållnings sätt dataskydds förordningen
    integritetsskydds integritets skydds myndigheten myndighet rehabiliterings stöd process
    verksamhets utbildnings uppföljnings matchnings anställnings sysselsättnings vägledning
    lärvägar lärväg lärande evidens baserade metoder
"""
PARTS = frozenset(_PART_LIST.split())
_LONGEST_FIRST = sorted(PARTS, key=len, reverse=True)
_WORD = re.compile(rf"\w{{{LONG_WORD},}}")


def split_compound(word):
    """The parts of ``word`` at the boundaries found from the start (case kept), or [word]."""
    pieces, start, lower = [], 0, word.lower()
    while True:
        part = next(
            (
                part
                for part in _LONGEST_FIRST
                if lower.startswith(part, start) and len(word) - start - len(part) >= MIN_TAIL
            ),
            None,
        )
        if part is None:
            break
        pieces.append(word[start : start + len(part)])
        start += len(part)
    return [*pieces, word[start:]]


def soft_hyphens(text):
    """``text`` with soft hyphens between the known parts of its long words."""
    if not text:
        return text
    return _WORD.sub(lambda match: SOFT_HYPHEN.join(split_compound(match.group())), str(text))
