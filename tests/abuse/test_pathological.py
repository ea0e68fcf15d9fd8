"""Pathological inputs over real HTTP: each gets a clean answer within a bounded time."""

from __future__ import annotations

import gzip
import json
import time
from collections.abc import Iterator

import pytest
import requests
from live_server import LiveServer

from abuse.inputs import CONTROLS, PLANE_SAMPLES
from service.config import REPO_ROOT, Settings

# A hang is the bug to catch, not slowness: generous, and far above the engine's deadline.
HANG_BOUND_S = 20.0
MAX_CHARS = Settings().max_chars  # the shipped default: 200,000
DEADLINE_S = Settings().deadline_s
ZW = "\u200b"
PROSE = (REPO_ROOT / "tests" / "data" / "shanghai-article.txt").read_text("utf-8")
PAGES = REPO_ROOT.parent / "shared" / "data" / "html" / "multi-readability-test-pages"


def _fill(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


@pytest.fixture(scope="module")
def live() -> Iterator[LiveServer]:
    """A live server with the shipped limits and no cache (every request is computed)."""
    srv = LiveServer({"cache": "none"})
    yield srv
    srv.stop()


def _post_raw(live: LiveServer, data: bytes) -> tuple[requests.Response, float]:
    started = time.monotonic()
    r = requests.post(
        f"{live.url}/v1/check",
        data=data,
        headers={"Content-Type": "application/json"},
        timeout=HANG_BOUND_S + 10,
    )
    elapsed = time.monotonic() - started
    assert elapsed < HANG_BOUND_S, f"took {elapsed:.1f} s"
    assert r.status_code < 500, r.text[:500]
    assert r.headers["Content-Type"].startswith("application/json")
    return r, elapsed


def _post(live: LiveServer, body: dict[str, str]) -> tuple[requests.Response, float]:
    return _post_raw(live, json.dumps(body, ensure_ascii=False).encode("utf-8"))


def _assert_error(r: requests.Response, status: int) -> None:
    assert r.status_code == status, r.text[:300]
    err = r.json()["error"]
    assert isinstance(err["code"], str) and isinstance(err["message"], str)


TEXT_CASES = {
    "prose_200k_chars": (_fill(PROSE + "\n", MAX_CHARS), "text"),
    "zero_width_199999": (ZW * (MAX_CHARS - 1), "text"),
    "one_100k_char_word": (_fill("spamword", 100_000), "text"),
    "nested_html_10000": ("<div>" * 10_000 + "buy cheap pills" + "</div>" * 10_000, "html"),
    "malformed_html": (
        _fill("<div <p <<a href='x <!-- <script> &#x; &#99999999 <b></i></span>", 100_000),
        "html",
    ),
    "unclosed_comment_html": ("<p>hello</p><!--" + _fill("x", 100_000), "html"),
    "every_plane": (PLANE_SAMPLES * 50, "text"),
    "control_characters": (_fill(CONTROLS + "text ", 50_000), "text"),
    "control_characters_html": (_fill("<p>" + CONTROLS + "</p>", 50_000), "html"),
    # Hostile HTML: a 1 MB attribute (a long title once blocked "hello"), entity floods,
    # tags never closed, nesting past any real page's, text in broken encodings.
    "html_attribute_1mb": ('<p title="' + _fill("x", 1_000_000) + '">hello</p>', "html"),
    "html_entity_flood": ("<p>" + "&lt;b&gt;&#x1F600;&amp" * 30_000 + "</p>", "html"),
    "html_unclosed_tags": (_fill("<div><p><span><a href='x'><li><td>word ", 600_000), "html"),
    "html_nested_inline_10000": ("<b>" * 10_000 + "buy cheap pills " * 10, "html"),
    # Style sheets in the body are read for the classes they hide: a brace flood, and one
    # hiding class on thousands of boxes that each link out.
    "html_style_brace_flood": (
        "<style>" + "{" * 600_000 + "}" * 600_000 + "</style><p>hello there</p>",
        "html",
    ),
    "html_style_hides_every_box": (
        "<style>.h{display:none}</style>"
        + "".join(
            f"<div class='h'><a href='https://s{i}.example/'>cheap pills here</a></div>"
            for i in range(10_000)
        ),
        "html",
    ),
    # ... and on thousands of boxes of words alone, each judged as a message (up to a bound).
    "html_style_hides_every_text_box": (
        "<style>.h{display:none}</style>"
        + "".join(
            f"<div class='h'>win a free prize now, call 0900{i} today to claim it</div>"
            for i in range(3_000)
        ),
        "html",
    ),
    "html_broken_encoding": (
        _fill(
            '<meta charset="shift_jis"><p>Ã©tÃ© â€œquotesâ€\x9d \ufffd\ufffd \x80\x81 '
            "\u00e6\u0096\u0087\u00e5\u00ad\u0097 ç\u0088±ä¸\u008aæµ·</p>",
            200_000,
        ),
        "html",
    ),
}


@pytest.mark.parametrize("name", sorted(TEXT_CASES))
def test_pathological_text_is_answered_in_bounded_time(live: LiveServer, name: str) -> None:
    text, fmt = TEXT_CASES[name]
    r, elapsed = _post(live, {"text": text, "format": fmt})
    assert r.status_code == 200, r.text[:300]
    body = r.json()
    assert body["verdict"] in ("allow", "review", "block")
    for s in body["spans"]:
        assert text[s["start"] : s["end"]] == s["text"]
    print(f"{name}: {len(text)} chars, {elapsed:.2f} s, partial={body.get('partial')}")


def test_the_largest_real_page_is_answered_in_full(live: LiveServer) -> None:
    # yahoo-2, 1.6 MB as saved: refused (413) before pages were read by the text they show.
    path = PAGES / "yahoo-2.html.gz"
    page = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
    r, elapsed = _post(live, {"text": page, "format": "html"})
    assert r.status_code == 200, r.text[:300]
    assert r.json()["partial"] is False
    assert elapsed < DEADLINE_S
    print(f"yahoo-2: {len(page)} chars over HTTP in {elapsed:.2f} s")


def test_a_million_zero_width_characters_is_a_clean_413(live: LiveServer) -> None:
    # 3 MB of UTF-8: over the 200,000-character text limit.
    r, _ = _post(live, {"text": ZW * 1_000_000})
    _assert_error(r, 413)


def test_one_character_over_the_limit_is_a_clean_413(live: LiveServer) -> None:
    r, _ = _post(live, {"text": "a" * (MAX_CHARS + 1)})
    _assert_error(r, 413)
    assert r.json()["error"]["code"] == "text_too_long"


def test_json_nested_100000_deep_is_a_clean_400(live: LiveServer) -> None:
    deep = '{"text": "hi", "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    r, _ = _post_raw(live, deep.encode())
    _assert_error(r, 400)


def test_object_nested_100000_deep_is_a_clean_400(live: LiveServer) -> None:
    deep = '{"a": ' * 100_000 + "1" + "}" * 100_000
    r, _ = _post_raw(live, deep.encode())
    _assert_error(r, 400)
