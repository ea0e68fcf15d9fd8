"""Tests for service.core.engine: the motivating case, legitimate mixed text, offsets."""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from pathlib import Path
from typing import cast

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.config import REPO_ROOT
from service.core.classifier import Classifier
from service.core.engine import Engine, hidden_boost
from service.core.errors import InputError
from service.core.rulefiles import load_ruleset
from service.core.ruleset import Ruleset, SiteSettings
from service.core.segment import is_message_like
from service.core.types import Action, Candidate

SHANGHAI = REPO_ROOT / "tests" / "data" / "shanghai-article.txt"
INJECTED = ("爱上海论坛", "新上海龙凤419会所", "上海夜网论坛")
LEGIT = json.loads((Path(__file__).parent.parent / "data" / "legit_mixed.json").read_text("utf-8"))


def _without_injections(text: str) -> str:
    for name in INJECTED:
        text = text.replace(name + " ", "")
    return text


def test_shanghai_article_flags_exactly_the_three_promos(engine: Engine) -> None:
    text = SHANGHAI.read_text("utf-8")
    v = engine.check(text)
    assert v.verdict is not Action.ALLOW
    assert [s.text for s in v.spans] == list(INJECTED)
    for s in v.spans:
        assert text[s.start : s.end] == s.text
        assert s.language == "zh"
        assert {r.kind for r in s.reasons} >= {"context"}
    assert v.language == "en"
    assert v.clean_text == _without_injections(text)


def test_shanghai_article_without_promos_is_allowed(engine: Engine) -> None:
    clean = _without_injections(SHANGHAI.read_text("utf-8"))
    v = engine.check(clean)
    assert v.verdict is Action.ALLOW
    assert v.spans == ()
    assert v.clean_text == clean


# Clean texts the released model flags, with why; each is counted, not hidden.
LEGIT_MISSES = {
    "FabriPaint.Com -Based in": (
        "model 1.21.0 scores the opening 'FabriPaint.Com -Based in' 0.51 by its span score "
        "(0.56 with the weak CONTACT_URL rule); 1.20.0 left the text at 0.24. The Leipzig "
        "sentence is a web directory's blurb for a site (forum, catalogue, monthly sales), "
        "the kind of line the data README warns crawled prose holds; kept as clean."
    ),
}


def _legit_params() -> list[object]:
    out: list[object] = []
    for i, c in enumerate(LEGIT):
        reason = next((r for k, r in LEGIT_MISSES.items() if c["text"].startswith(k)), None)
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        out.append(pytest.param(c, marks=marks, id=f"{c['kind']}-{i}"))
    return out


@pytest.mark.parametrize("case", _legit_params())
def test_legitimate_mixed_language_text_is_not_flagged(
    engine: Engine, case: dict[str, str]
) -> None:
    v = engine.check(case["text"])
    assert [s.text for s in v.spans] == [], case["note"]
    assert v.verdict is Action.ALLOW, (v.score, v.reasons)


def test_html_hidden_promo_is_found_at_html_offsets(engine: Engine) -> None:
    src = (
        "<p>The glass towers of Shanghai's Pudong district glitter with ambition.</p>"
        '<div style="display:none">上海夜网论坛 上海龙凤419会所</div>'
        "<p>Financing this innovation boom is a distinctive blend of state guidance.</p>"
    )
    v = engine.check(src, fmt="html")
    assert v.spans, v
    for s in v.spans:
        assert src[s.start : s.end] == s.text
        assert any(r.id == "HIDDEN_CONTENT" for r in s.reasons)
    assert "上海" not in v.clean_text and v.clean_text.count("<p>") == 2


def test_the_seed_article_as_html_paragraphs_gives_the_same_three_spans(
    engine: Engine,
) -> None:
    paragraphs = SHANGHAI.read_text("utf-8").splitlines()
    src = "<article>\n" + "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    src += "\n</article>"
    v = engine.check(src, fmt="html")
    assert [s.text for s in v.spans] == list(INJECTED)
    for s in v.spans:
        assert src[s.start : s.end] == s.text
    assert v.verdict is Action.BLOCK and v.language == "en"
    assert v.clean_text == _without_injections(src)


def test_a_hidden_link_out_of_the_site_is_found(engine: Engine) -> None:
    prose = "<p>" + SHANGHAI.read_text("utf-8").splitlines()[1] + "</p>"
    planted = (
        '<div style="font-size:0"><a href="https://cheap-meds.example/">buy cheap viagra online'
        "</a></div>"
    )
    src = f"<body>{prose}{planted}<footer><a href='/'>Home</a></footer></body>"
    v = engine.check(src, fmt="html")
    assert [s.text for s in v.spans] == ["buy cheap viagra online"]
    assert "HIDDEN_LINK" in {r.id for r in v.spans[0].reasons}
    assert "viagra" not in v.clean_text and "<footer>" in v.clean_text


# A real UCI spam message, planted in the seed article in several tests below.
PHONE_PROMO = (
    "Do you want 750 anytime any network mins 150 text and a NEW video phone for only "
    "five pounds per week call 08000776320 now or reply for delivery Tomorrow"
)


def _article_with(box: str, at: int = 3, sheet: str = "") -> str:
    """Return the seed article (its promos taken out) as HTML paragraphs, with `box`
    inserted before paragraph `at` and `sheet` opening the article."""
    paragraphs = _without_injections(SHANGHAI.read_text("utf-8")).splitlines()
    body = [f"<p>{html.escape(p)}</p>" for p in paragraphs]
    body.insert(at, box)
    return f"<article>{sheet}\n" + "\n".join(body) + "\n</article>"


def test_hidden_promo_in_a_long_article_is_judged_as_a_text_of_its_own(engine: Engine) -> None:
    # Read as one more sentence of a long article, a planted promo took the article's
    # context and scored far below review; read on its own it is the message it is.
    promo = PHONE_PROMO
    src = _article_with(f'<div style="position:absolute;left:-9999px">{promo}</div>', at=4)
    v = engine.check(src, fmt="html")
    assert v.spans and all(promo in src[s.start : s.end] or s.text in promo for s in v.spans)
    assert all(any(r.id == "HIDDEN_CONTENT" for r in s.reasons) for s in v.spans)
    assert v.verdict is not Action.ALLOW
    assert "08000776320" not in v.clean_text


def test_a_hidden_short_spam_message_is_flagged(engine: Engine) -> None:
    # Short and chatty UCI spam; as a visible message it passes.
    promo = "Money i have won wining number 946 wot do i do next"
    v = engine.check(_article_with(f"<div hidden>{promo}</div>"), fmt="html")
    assert [s.text for s in v.spans] == [promo]
    assert "HIDDEN_CONTENT" in {r.id for r in v.spans[0].reasons}
    assert engine.check(promo).verdict is Action.ALLOW


class _ReloadOnFirstRead:
    """The shipped ruleset, which swaps the engine onto another set (as a rule reload in
    another thread would) the first time the engine asks it for a site's settings."""

    def __init__(self, inner: Ruleset, engine: Engine, other: Ruleset) -> None:
        self._inner, self._engine, self._other = inner, engine, other

    def site(self, name: str | None) -> SiteSettings:
        self._engine.ruleset = self._other
        return self._inner.site(name)

    def __getattr__(self, name: str) -> object:
        return getattr(self._inner, name)


@pytest.mark.parametrize("fmt", ["text", "html"])
def test_a_rule_reload_during_a_check_is_taken_up_by_the_next_check_only(
    engine: Engine, fmt: str
) -> None:
    # A page's thresholds, its visible text and each hidden block are read in turn; with a
    # reload landing between them, one verdict was made of two rule sets.
    shipped = engine.ruleset
    other = load_ruleset(REPO_ROOT / "rules", None)
    other.version = "reloaded"
    mine = Engine(ruleset=shipped, classifier=engine.classifier)
    mine.ruleset = cast(Ruleset, _ReloadOnFirstRead(shipped, mine, other))
    promo = "Money i have won wining number 946 wot do i do next"
    text = _article_with(f"<div hidden>{promo}</div>") if fmt == "html" else promo
    first = mine.check(text, fmt=fmt)
    assert mine.ruleset is other
    assert first.rules_version == shipped.version
    assert mine.check(text, fmt=fmt).rules_version == "reloaded"


def test_a_hidden_block_read_alone_is_flagged_on_the_message_head_s_boosted_word(
    engine: Engine,
) -> None:
    # The message head's middling reading of a hidden block (p=0.35 here, where no atom's
    # score flags anything) counts as hidden evidence, as atoms' scores do. Which head
    # flags a given real promo changes from one trained model to the next (1.20.0 flagged
    # the promo above by this path, 1.21.0 by its span score), so fixed opinions test it.
    assert engine.classifier is not None
    stub = Engine(ruleset=engine.ruleset, classifier=_Stub(engine.classifier, 0.35, None))
    promo = "Money i have won wining number 946 wot do i do next"
    v = stub.check(_article_with(f"<div hidden>{promo}</div>"), fmt="html")
    assert [s.text for s in v.spans] == [promo]
    assert {r.id for r in v.spans[0].reasons} >= {"message", "HIDDEN_CONTENT"}
    assert stub.check(promo).verdict is Action.ALLOW  # as a visible message it passes


def test_promo_text_hidden_by_the_pages_own_sheet_is_found_and_a_teaser_is_not(
    engine: Engine,
) -> None:
    # A box hidden by a class of a <style> in the body holds no link: its words, read as a
    # message, tell planted promo text from a theme's hidden teaser.
    promo = PHONE_PROMO
    teaser = "Read what the mayor said about the new bridge on Sunday in the town hall."
    sheet = "<style>.c7{position:absolute;left:-9999px}</style>"
    pages = {
        name: _article_with(f"<div class='c7'>{box}</div>", sheet=sheet)
        for name, box in (("promo", promo), ("teaser", teaser))
    }
    v = engine.check(pages["promo"], fmt="html")
    assert [s.text for s in v.spans] == [promo]
    assert "HIDDEN_CONTENT" in {r.id for r in v.spans[0].reasons}
    clean = engine.check(pages["teaser"], fmt="html")
    assert clean.verdict is Action.ALLOW and clean.spans == ()


def test_hidden_spam_does_not_make_the_paragraph_beside_it_spam(engine: Engine) -> None:
    # The page's own text is read with its hidden blocks blanked out: read beside the
    # planted promo, the credit line scored 0.73 and was cut from the page with it.
    credit = "Html markup produced by rfcmarkup 1.111, available from"
    promo = (
        "URGENT! Last weekend's draw shows that you have won 1000 cash or a Spanish holiday! "
        "CALL NOW 09050000332 to claim."
    )
    src = (
        "<body><p>The protocol described here lets a client store data with a provider of its "
        f"choice, using a simple key-value interface.</p>\n<p>{credit}\n"
        '<a href="https://tools.ietf.org/tools/rfcmarkup/">https://tools.ietf.org/tools/'
        f'rfcmarkup/</a></p>\n<div style="display:none">{promo}</div></body>'
    )
    v = engine.check(src, fmt="html")
    assert [s.text for s in v.spans] == [promo]
    assert credit in v.clean_text and "URGENT" not in v.clean_text


def test_the_hidden_boost_raises_a_score_and_stays_a_probability() -> None:
    assert hidden_boost(0.1) == pytest.approx(0.13)
    assert hidden_boost(0.35) == pytest.approx(0.655)
    assert hidden_boost(0.9) == 1.0


def test_the_html_limit_counts_text_not_markup(engine: Engine) -> None:
    prose = "<p>" + SHANGHAI.read_text("utf-8").splitlines()[1] + "</p>"
    src = "<script>" + "x" * (engine.max_chars * 2) + "</script>" + prose
    assert engine.check(src, fmt="html").verdict is Action.ALLOW


def test_a_page_with_no_text_is_allowed_as_it_is(engine: Engine) -> None:
    src = "<div><script>buy pills</script><nav><a href='/'>Home</a></nav></div>"
    v = engine.check(src, fmt="html")
    assert v.verdict is Action.ALLOW and v.clean_text == src and v.spans == ()


@pytest.mark.parametrize(
    ("text", "fmt", "code"),
    [("", "text", "empty_text"), ("   \n ", "text", "empty_text"), ("x", "pdf", "unknown_format")],
)
def test_bad_input_raises_input_error(engine: Engine, text: str, fmt: str, code: str) -> None:
    with pytest.raises(InputError) as err:
        engine.check(text, fmt=fmt)
    assert err.value.code == code


def test_over_long_text_is_refused(engine: Engine) -> None:
    small = Engine(ruleset=engine.ruleset, classifier=engine.classifier, max_chars=10)
    with pytest.raises(InputError):
        small.check("x" * 11)


_PIECES = st.sampled_from(
    [
        "爱上海论坛",
        "上 海 龙 凤",
        " ",
        "\r\n",
        "\u200b",
        "e\u0301",
        "😀",
        "𠀋",
        "Привет",
        "abc",
        "(",
        ")",
        "419",
        "www.example.com",
        "\u3000",
        "ที่",
        "ﾃｽﾄ",
        "\n\n",
        ".",
        "。",
    ]
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.one_of(_PIECES, st.text(min_size=1, max_size=6)), min_size=1, max_size=30))
def test_every_span_indexes_the_submitted_text(engine: Engine, parts: list[str]) -> None:
    text = "".join(parts)
    if not text.strip():
        return
    v = engine.check(text)
    for s in v.spans:
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == s.text
    assert 0.0 <= v.score <= 1.0


class _Stub(Classifier):
    """Fixed opinions: the message head says `message_p` of every text; the span head
    says 0.95 of a candidate containing `span_word`, 0 of the rest."""

    def __init__(self, base: Classifier, message_p: float, span_word: str | None) -> None:
        super().__init__("m-stub", base._message, base._span, {})
        self.message_p = message_p
        self.span_word = span_word

    def message_proba(self, texts: Sequence[str]) -> list[float]:
        return [self.message_p for _ in texts]

    def span_proba(self, candidates: Sequence[Candidate]) -> list[float]:
        word = self.span_word
        return [0.95 if word is not None and word in c.text else 0.0 for c in candidates]


def test_the_message_head_judges_one_short_paragraph_only(engine: Engine) -> None:
    assert engine.classifier is not None
    stub = Engine(ruleset=engine.ruleset, classifier=_Stub(engine.classifier, 0.99, None))
    one = stub.check("Call me about the flat tomorrow, the keys are with Anna.")
    assert one.verdict is Action.BLOCK
    assert [s.text for s in one.spans] == [
        "Call me about the flat tomorrow, the keys are with Anna."
    ]
    paragraphs = stub.check("A first paragraph of prose.\n\nA second paragraph of prose.")
    assert paragraphs.verdict is Action.ALLOW and not paragraphs.spans
    # Not even computed there: its score would decide nothing.
    assert not any(r.id == "document" for r in paragraphs.reasons)


def test_the_message_head_alone_needs_the_block_threshold_on_several_sentences(
    engine: Engine,
) -> None:
    assert engine.classifier is not None
    one = "Call me about the flat tomorrow, the keys are with Anna."
    three = "The flat is ready. The keys are with Anna. Call me about it tomorrow."
    unsure = Engine(ruleset=engine.ruleset, classifier=_Stub(engine.classifier, 0.7, None))
    v = unsure.check(one)
    assert v.verdict is Action.REVIEW and [s.text for s in v.spans] == [one]
    v = unsure.check(three)
    assert v.verdict is Action.ALLOW and not v.spans and v.score == 0.0
    assert [r.detail for r in v.reasons if r.id == "document"] == ["p=0.70"]
    sure = Engine(ruleset=engine.ruleset, classifier=_Stub(engine.classifier, 0.9, None))
    v = sure.check(three)
    assert v.verdict is Action.BLOCK and [s.text for s in v.spans] == [three]
    # Below the review threshold the message head's score is the document's, as before.
    low = Engine(ruleset=engine.ruleset, classifier=_Stub(engine.classifier, 0.3, None))
    for t in (one, three):
        v = low.check(t)
        assert v.verdict is Action.ALLOW and not v.spans and v.score == 0.3


def test_a_paragraph_of_promotional_prose_is_not_flagged_whole(engine: Engine) -> None:
    # Three held-out Leipzig English sentences (a clean test document). Model 1.17.0's
    # message head gave the paragraph 0.68 and only `_message_alone` kept it from being
    # flagged whole; 1.18.0's gives 0.18. That rule is tested with a stub head above.
    text = (
        "For this reason we seriously commend the kind of co-operation and restraint described "
        "above. It involved a total taking of a residential property owned by the two "
        "claimants, Danny Topping and Tina Topping, pursuant to a section 3 agreement signed on "
        "August 6, 1998. If this were a new CD by a new band, TROOPER would be awarded another "
        "PLATINUM ALBUM!"
    )
    v = engine.check(text)
    assert v.verdict is Action.ALLOW and not v.spans
    assert any(r.id == "document" for r in v.reasons)


@pytest.mark.parametrize(
    ("text", "like"),
    [
        ("one short message", True),
        ("  padded message \n", True),
        ("line one\nline two", False),
        ("x" * 1001, False),
    ],
)
def test_is_message_like(text: str, like: bool) -> None:
    assert is_message_like(text) is like


def test_the_message_head_tempers_the_span_head_on_one_sentence_only(engine: Engine) -> None:
    assert engine.classifier is not None
    stub = Engine(ruleset=engine.ruleset, classifier=_Stub(engine.classifier, 0.01, "WIN"))
    # One sentence: both heads read the same words, the message head is trusted.
    assert stub.check("hey WIN the game tonight or not").verdict is Action.ALLOW
    # A paragraph: the message head mostly reads the prose around the injected sentence.
    text = "We walked to the old mill. WIN cash now at the club. Then we went home."
    v = stub.check(text)
    assert v.verdict is not Action.ALLOW
    assert [s.text for s in v.spans] == ["WIN cash now at the club."]


@pytest.mark.xfail(
    strict=True,
    reason=(
        "models 1.20.0 and 1.21.0: the step from '…or 2StopTx' to 'In this spirit, …' is "
        "an open cut inside one sentence, and the labeller's transition table for steps inside a "
        "sentence learnt from the training documents that such steps mostly stay in spam "
        "(capitalised words inside SMS spam are cut the same way), so the run carries on "
        "through the host's next sentence (1.20.0: p 0.59, 0.52; 1.21.0 through both of "
        "the host's sentences after it). Model 1.19.0, with one table for "
        "every step, stopped at the spam's end. Noted on issue 15."
    ),
)
def test_host_prose_run_into_an_unfinished_spam_message_stays_in_clean_text(
    engine: Engine,
) -> None:
    host = (
        "Current Agenda: Sunday Night - Meet and Greet (Casino Night); Monday AM - Liability "
        "from a contractor's perspective. {} In this spirit, Canada must now make every effort "
        "to accelerate progress and to build a global consensus in the Doha Round of "
        "multilateral negotiations. Clearcut logging is a highly mechanized, low employment "
        "practice that destroys huge tracts of forest."
    )
    spam = (
        "Had your mobile 11mths ? Update for FREE to Oranges latest colour camera mobiles & "
        "unlimited weekend calls. Call Mobile Upd8 on freefone 08000839402 or 2StopTx"
    )
    text = host.format(spam)
    v = engine.check(text)
    # No full stop after "2StopTx": the last spam sentence and the host sentence are one.
    # The span must stop where the spam stops, and the host after it stay in clean_text.
    # (Model 1.17.0 also flags the first host sentence, "Current Agenda: … (Casino Night)
    # …", beside the spam: an overhang error counted by `darnel evaluate`, not the subject
    # of this test; 1.16.0 did not.)
    end = text.index(spam) + len(spam)
    assert v.spans and v.spans[-1].end == end
    assert any(s.start <= text.index(spam) and s.end == end for s in v.spans)
    tail = host.split("{} ")[1]
    assert v.clean_text.endswith(tail)


RU_SPAM = REPO_ROOT / "training" / "data" / "messages" / "ru-tg-spam" / "spam-samples.txt"


def _long_russian_promo() -> str:
    """A real 1,288-character Telegram promo: longer than the English host around it."""
    lines = RU_SPAM.read_text("utf-8").splitlines()
    return next(line for line in lines if "t.me/proinstar" in line)


HOST_OUTWEIGHED = pytest.mark.xfail(
    strict=True,
    reason=(
        "model 1.21.0 (as 1.20.0): the promo's first sentences (a greeting and a chatty "
        "opening, span scores 0.0-0.2) are read as the host's, so the span starts late, 181 "
        "characters in. Model 1.19.0 flagged the host in every layout; the long-message "
        "training documents and the labeller's edge transitions (issue 15) keep it clean "
        "when the promo has its own line. Noted on issue 15."
    ),
)
HOST_AFTER_PROMO = pytest.mark.xfail(
    strict=True,
    reason=(
        "model 1.21.0 flags the English paragraph on the line after the promo (0.68). It is "
        "the training draw, not the change of 1.21.0: the 1.20.0 recipe trained with seed "
        "20261207 flags it too (0.77), 1.20.0 (seed 20240501) did not. Noted on issue 15."
    ),
)
LAYOUTS = ("{h} {s}", "{h}\n{s}\n{h2}", "{s}\n{h}")


def _host_and_promo(layout: str) -> tuple[str, str, list[str]]:
    article = SHANGHAI.read_text("utf-8").splitlines()
    spam = _long_russian_promo()
    return layout.format(h=article[0], h2=article[2], s=spam), spam, [article[0], article[2]]


@pytest.mark.parametrize("layout", [pytest.param(x, marks=HOST_OUTWEIGHED) for x in LAYOUTS])
def test_a_promo_longer_than_its_host_is_cut_and_the_host_kept(engine: Engine, layout: str) -> None:
    # Cyrillic outweighs the English here; read as a Russian text, the article's own
    # paragraphs were foreign islands and were flagged with the promo.
    text, spam, hosts = _host_and_promo(layout)
    v = engine.check(text)
    # The whole text is mostly Russian (the API's `language`); its host is English.
    assert v.language == "ru"
    assert [share.language for share in v.languages] == ["ru", "en"]
    assert [s.text for s in v.spans] == [spam]
    assert v.clean_text.split() == layout.format(h=hosts[0], h2=hosts[1], s="").split()


@pytest.mark.parametrize(
    "layout", [LAYOUTS[0], LAYOUTS[1], pytest.param(LAYOUTS[2], marks=HOST_AFTER_PROMO)]
)
def test_a_promo_longer_than_its_host_on_its_own_line_leaves_the_host_alone(
    engine: Engine, layout: str
) -> None:
    text, spam, hosts = _host_and_promo(layout)
    v = engine.check(text)
    assert v.verdict is Action.BLOCK
    start = text.index(spam)
    flagged = {i for s in v.spans for i in range(s.start, s.end)}
    # Every flagged character is the promo's, and most of the promo is flagged.
    assert flagged and flagged <= set(range(start, start + len(spam)))
    assert len(flagged) * 2 >= len(spam)
    for host in hosts:
        if host in layout.format(h=hosts[0], h2=hosts[1], s=""):
            assert host in v.clean_text


def test_a_long_attribute_is_markup_not_text(engine: Engine) -> None:
    # `<p title="xxxx…">hello</p>` with a 1,000-character title was blocked when the
    # markup was read as text.
    src = '<p title="' + "x" * 1000 + '">hello, and thanks for the nice write-up here</p>'
    v = engine.check(src, fmt="html")
    assert v.verdict is Action.ALLOW and v.clean_text == src
