"""Tests for service.core.host: the host of a text that its own-script spam outweighs."""

from service.core.host import host_frame

HOST = "Shanghai has emerged as Asia's fastest-growing technology hub."
SPAM = "Привет, дорогие! Мы нашли для вас полезного бота и чат для покупки рекламы."


def test_spam_that_outweighs_its_host_is_set_aside() -> None:
    text = f"{HOST}\n{SPAM}"
    at = len(HOST) + 1
    assert host_frame(text, [(at, at + len(SPAM))]) == ("en", "Latin")
    # Without that spam set aside the text stays Russian.
    assert host_frame(text, []) is None


def test_spam_of_another_script_than_the_text_is_an_island() -> None:
    # Flagged English in a Russian text is an island, not what outweighed the host.
    assert host_frame(f"{HOST}\n{SPAM}", [(0, len(HOST))]) is None


def test_too_little_left_is_no_host() -> None:
    text = f"Hi there.\n{SPAM}"
    assert host_frame(text, [(10, 10 + len(SPAM))]) is None
