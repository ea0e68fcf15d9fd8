"""Tests for service.core.segment: lines, sentences and script islands."""

from service.core.segment import candidates, join_letterless, script_runs, sentences


def test_han_run_with_digits_is_one_island() -> None:
    text = '新上海龙凤419会所 "Shanghai investors have rediscovered their roots," notes Li.'
    runs = script_runs(text, 0, len(text))
    assert text[runs[0].start : runs[0].end] == "新上海龙凤419会所"
    islands = [c for c in candidates(text, "en") if c.kind == "script_run"]
    assert [c.text for c in islands] == ["新上海龙凤419会所"]
    assert islands[0].at_paragraph_start and islands[0].language == "zh"


def test_bracketed_name_is_enclosed() -> None:
    text = "Zhangjiang Science City (张江科学城) is an innovation cluster."
    island = next(c for c in candidates(text, "en") if c.kind == "script_run")
    assert island.text == "张江科学城" and island.enclosed and not island.at_paragraph_start


def test_sentences_split_latin_and_cjk() -> None:
    text = "One. Two! 三。四？"
    got = [text[a:b] for a, b in sentences(text, 0, len(text))]
    assert got == ["One.", "Two!", "三。", "四？"]


def test_same_script_document_has_no_islands() -> None:
    text = "我爱上海，也爱这座城市的每一条老街。上海论坛今天开幕。"
    assert not [c for c in candidates(text, "zh") if c.kind == "script_run"]


def test_candidate_offsets_index_the_text() -> None:
    text = "Line one here.\r\n\u200b爱上海论坛 Venture Capital\r\nEnd"
    for c in candidates(text, "en"):
        assert text[c.start : c.end] == c.text


def test_a_han_block_apart_from_kana_reads_as_chinese_in_a_japanese_line_of_any_page() -> None:
    # A bilingual page: the document is English, its Japanese half carries a promo.
    text = "Everyone has the right to life.\n大连龙凤 すべての人は、法の下において認められる。"
    blocks = [c for c in candidates(text, "en") if c.script == "Han"]
    assert [(c.text, c.language, c.kind) for c in blocks] == [("大连龙凤", "zh", "script_run")]


def test_han_words_glued_to_kana_stay_japanese() -> None:
    text = "Everyone has the right to life.\n人権の尊重を目的としなければならない。"
    assert not [c for c in candidates(text, "en") if c.script == "Han"]


def test_a_piece_without_letters_joins_the_sentence_before_it() -> None:
    text = "Hello! 👋  Want new clients? 🚀 Tap below. 🎁⬇️\n6. Nada como un buen libro."
    assert [c.text for c in candidates(text, "en")] == [
        "Hello! 👋",
        "Want new clients?",
        "🚀 Tap below. 🎁⬇️",
        "6. Nada como un buen libro.",
    ]


def test_a_line_of_pieces_without_letters_stays_whole() -> None:
    assert join_letterless("💵  💬", [(0, 1), (3, 4)]) == [(0, 4)]


def test_a_space_between_two_han_characters_ends_a_sentence() -> None:
    text = "爱杭州花坊51会所 忙了一上午一下午，六点黄昏时刻。\n共 3 人参加 iPhone 发布会。"
    assert [c.text for c in candidates(text, "zh") if c.kind != "script_run"] == [
        "爱杭州花坊51会所",
        "忙了一上午一下午，六点黄昏时刻。",
        # Spaces beside digits and Latin words are ordinary Chinese typesetting.
        "共 3 人参加 iPhone 发布会。",
    ]
