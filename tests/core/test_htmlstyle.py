"""Tests for service.core.htmlstyle: hiding styles, layout and furniture."""

from __future__ import annotations

import pytest

from service.core.htmlstyle import (
    FURNITURE_MAX_LETTERS,
    SHEET_MAX_CHARS,
    hiding_classes,
    is_hidden,
    is_layout,
)


@pytest.mark.parametrize(
    "attrs",
    [
        {"style": "display:none"},
        {"style": "color:red; visibility: hidden"},
        {"style": "font-size:0"},
        {"style": "font-size: 0px;"},
        {"style": "height:0;width:0;overflow:hidden"},
        {"style": "position:absolute;left:-9999px"},
        {"style": "text-indent:-10000px"},
        {"style": "opacity:0"},
        {"hidden": ""},
        {"aria-hidden": "true"},
        {"style": "color:#fff;background-color:#ffffff"},
        {"style": "background: white url(x.png) no-repeat; color: White"},
        {"style": "color: transparent"},
        {"class": "bottompopout hide"},
        {"class": "cookie_notice hidden"},
        {"class": "d-none"},
        {"class": "is-hidden js-share"},
        {"class": "invisible"},
    ],
)
def test_every_hiding_style_hides(attrs: dict[str, str]) -> None:
    assert is_hidden(attrs)


@pytest.mark.parametrize(
    "attrs",
    [
        {},
        {"style": "font-size:0.9em"},
        {"style": "opacity:0.5"},
        {"style": "height:0"},  # no overflow:hidden: the content still shows
        {"style": "left:-5px"},
        {"aria-hidden": "false"},
        {"style": "color:#333;background-color:#fff"},
        {"style": "background-color:#fff"},
        {"style": "border-color:#fff;color:#000;background:#fff"},
        {"class": "hidden md:block"},  # Tailwind: shown from the md breakpoint up
        {"class": "d-none d-lg-flex"},  # Bootstrap: likewise
        {"class": "hidden-xs"},  # hidden on phones only
        {"class": "hide-on-scroll nohidden"},
    ],
)
def test_visible_styles_do_not_hide(attrs: dict[str, str]) -> None:
    assert not is_hidden(attrs)


def test_layout_by_tag_role_and_class() -> None:
    assert is_layout("nav", {}, 10_000)
    assert is_layout("div", {"role": "navigation"}, 100)
    assert is_layout("div", {"class": "cookie-banner"}, 100)
    assert is_layout("div", {"class": "sharingtb"}, 100)
    assert not is_layout("div", {"class": "entry-content"}, 100)
    assert not is_layout("p", {}, 100)


def test_a_big_container_named_like_furniture_is_content() -> None:
    assert is_layout("div", {"class": "widget Blog1"}, 100)
    assert not is_layout("div", {"class": "widget Blog1"}, FURNITURE_MAX_LETTERS + 1)
    assert not is_layout("body", {"class": "single share-enabled"}, 10)


def test_ad_slots_are_furniture_whatever_their_size() -> None:
    assert is_layout("div", {"class": "trc_rbox trc-content-sponsored"}, 50_000)


def test_timestamps_author_bios_and_calls_to_action_are_layout() -> None:
    assert is_layout("time", {}, 20)
    assert is_layout("div", {"class": "infoCard-bio"}, 100)
    assert is_layout("p", {"class": "cta-fandom-contributor"}, 100)
    assert not is_layout("div", {"class": "biography-text"}, 100)


def test_a_sheets_top_level_bare_class_rules_that_hide_are_read() -> None:
    css = (
        "/* theme */ @import url(x.css); .wp-cache-7f3{position:absolute;left:-9999px}"
        " .a, .b { display: none } .menu .item{display:none} .c{color:red}"
        " @media (max-width: 600px) { .d { display: none } } .e{height:0;overflow:hidden}"
    )
    assert hiding_classes([css]) == {"wp-cache-7f3", "a", "b", "e"}


def test_an_unclosed_rule_runs_to_the_end_of_the_sheet() -> None:
    assert hiding_classes([".x{display:none"]) == {"x"}
    assert hiding_classes([".x{display:none} .y{color:red"]) == {"x"}


@pytest.mark.parametrize(
    "css",
    [
        "{" * 1_000_000 + "}" * 1_000_000,
        ".a{" + "}" * 1_000_000,
        "/*" * 500_000,
        "@media x{" * 200_000,
    ],
)
def test_hostile_sheets_are_read_in_one_pass(css: str) -> None:
    # Each of these took minutes when every step searched the rest of the sheet again; a
    # single pass reads them in well under a second. Only what is found is checked here.
    assert hiding_classes([css]) == frozenset()


def test_the_sheet_budget_counts_comments_too() -> None:
    # Counted after its comments were taken out, a sheet of comments used almost none of
    # the budget, and the sheets after it were read past the bound.
    comments = "/*" + "x" * SHEET_MAX_CHARS + "*/"
    assert hiding_classes(["/* theme */", ".y{display:none}"]) == {"y"}
    assert hiding_classes([comments, ".y{display:none}"]) == frozenset()
