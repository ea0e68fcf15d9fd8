"""Strategies and pathological inputs shared by the abuse tests."""

from __future__ import annotations

from hypothesis import strategies as st

# Every Unicode scalar value: all planes, controls, unassigned, private use; no surrogates.
ANY_CHAR = st.characters(exclude_categories=("Cs",))
ANY_TEXT = st.text(ANY_CHAR, max_size=600)

WORDS = (
    "hello", "free", "casino", "viagra", "上海", "论坛", "会所", "Москва", "привет", "東京",
    "ですね", "Straße", "http://spam.example/x", "www.b.cn", "@", "#", "\n\n", " ", ".", "!",
    "<div>", "</div>", "<script>", "</script>", "<!--", "-->", "<a href='", "'>",
    "<span style='display:none'>", "&amp;", "&#x4e0a;", "&#99999999;", "<", ">", "\u200b",
    "\u202e", "\ufeff", "\x00", "\x1b[31m", "\U0001f600", "\U000e0041", "\U0010fffd",
)  # fmt: skip
# Prose-like text with hostile pieces spliced in: reaches the segmenter and the rules.
MIXED_TEXT = st.lists(st.one_of(st.sampled_from(WORDS), ANY_CHAR), max_size=120).map("".join)

# One run of code points from each of the 17 planes, assigned or not.
PLANE_SAMPLES = "".join(
    chr(plane * 0x10000 + offset)
    for plane in range(17)
    for offset in (0x20, 0x41, 0x3000, 0x4E00, 0xA000, 0xE000, 0xFFFD)
    if not 0xD800 <= plane * 0x10000 + offset <= 0xDFFF
)
CONTROLS = "".join(chr(c) for c in (*range(0x00, 0x20), *range(0x7F, 0xA0))) + (
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
)

_SCALAR = st.none() | st.booleans() | st.integers() | st.floats() | ANY_TEXT
JSON_VALUE = st.recursive(
    _SCALAR,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ANY_TEXT, inner, max_size=4),
    max_leaves=12,
)
_FIELD = JSON_VALUE | ANY_TEXT
CHECK_BODY = st.fixed_dictionaries(
    {"text": _FIELD},
    optional={
        "format": st.sampled_from(["text", "html", "HTML", ""]) | JSON_VALUE,
        "language": _FIELD, "site": _FIELD, "content_id": _FIELD,
        "author": _FIELD, "url": _FIELD, "ip": _FIELD,
        "extra": JSON_VALUE,
    },
)  # fmt: skip
ANY_BODY = JSON_VALUE | CHECK_BODY

# Markup pieces as hostile pages mix them: hiding styles, entities, broken and unclosed tags.
HTML_PIECES = (
    "<p>", "</p>", "<div style='display:none'>", "<span hidden>", "</div>", "<a href='http://x.y/'>",
    "</a>", "<li>", "<td>", "<script>", "</script>", "<!--", "-->", "&amp;", "&#x1F600;", "&#0;",
    "&notin", "<br>", "<b", "</", "<p title='", "'>", "<svg><text>", "</svg>", "<nav>",
    "<select><option>", "爱上海论坛 ", "buy cheap pills ", "The glass towers glitter. ",
)  # fmt: skip
HTML_TEXT = st.lists(st.one_of(st.sampled_from(HTML_PIECES), ANY_CHAR), max_size=150).map("".join)
