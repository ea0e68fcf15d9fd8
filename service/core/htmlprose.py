"""Tell a block of prose from stray short words: menu items, buttons, captions, credits."""

from __future__ import annotations

import re

from service.core.htmlblocks import Piece

# Fewer words than this is a label, not a paragraph: "Share", "Featured Topics", "Cancel
# Reply", "分享到" were the texts the model flagged on real pages when each was read as a
# paragraph of its own.
PROSE_MIN_WORDS = 6
# Hidden text is read from fewer words: a hidden promo name is short, a widget's hidden
# label ("热门评论", "Close") shorter.
HIDDEN_MIN_WORDS = 3
# A link out of the site in layout is read when its anchor is a phrase, the keyword anchor
# spam uses ("cheap adjustable beds"), not a name ("Flickr", "Twitter").
LINK_MIN_WORDS = 4
# Where more of a block is link text than this, it is a list of links, not prose.
LINK_SHARE_MAX = 0.5
_CREDIT = re.compile(
    r"(?:powered|built|made|hosted|designed) (?:by|with|on)\b|"
    r"(?:advertisement|advertising|adchoices|ads? by \S+|(?:is )?sponsored(?: by)?)$"
)
# Code left as text (a tag manager's calls in a hidden span: `Krux('scrape', {...});`) is
# not prose. Code is dense in these characters: at this share of the non-blank characters,
# with a call and a statement character, no real spam message or sentence of
# ../shared/data (UCI and Telegram spam, WordPress comments, Leipzig en/de/ru/zh) reads as
# code; smileys (":)", ";-(") are what come nearest, and they make no call.
CODE_SHARE = 0.12
_CODE_CHARS = re.compile(r"[{}()\[\];=_<>|\\]")
_CALL = re.compile(r"[A-Za-z_$][\w$.]*\(")
_STATEMENT = re.compile(r"[;{}=]")
# Scripts written without spaces: about two characters make a word.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f\uf900-\ufaff]")


def words(text: str) -> int:
    """Count the words of a text, two characters of an unspaced script as one.

    A word holds a letter: figures and punctuation are data, not words. Wikipedia's hidden
    copy of a place's coordinates ("\ufeff / -41.283; 174.450") was four "words" and, read
    as a message, looked like a phone promo to the model.
    """
    unspaced = len(_UNSPACED.findall(text))
    spaced = sum(1 for w in _UNSPACED.sub(" ", text).split() if any(c.isalpha() for c in w))
    return spaced + unspaced // 2


def is_code(text: str) -> bool:
    """Tell whether a text reads as program code rather than words."""
    dense = len(_CODE_CHARS.findall(text)) >= CODE_SHARE * len("".join(text.split()))
    return dense and bool(_CALL.search(text)) and bool(_STATEMENT.search(text))


def is_prose(pieces: list[Piece], min_words: int = PROSE_MIN_WORDS) -> bool:
    """Tell whether a block reads as prose: enough words, not mostly links, not code."""
    text = "".join(p.run.text for p in pieces)
    if words(text) < min_words or is_code(text):
        return False
    letters = sum(len(p.run.text.strip()) for p in pieces)
    linked = sum(len(p.run.text.strip()) for p in pieces if p.link >= 0)
    return linked <= LINK_SHARE_MAX * letters


def is_anchor_text(text: str) -> bool:
    """Tell whether a link's text is worded like a planted anchor: a keyword phrase of two
    words or more, not a credit or an ad label ("Powered by SendPulse", "AdChoices", "is
    sponsored by": ad units and widgets on real pages hide these)."""
    t = text.strip().lower()
    return words(t) >= 2 and any(c.isalpha() for c in t) and not _CREDIT.match(t)
