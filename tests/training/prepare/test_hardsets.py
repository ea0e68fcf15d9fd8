"""The long-message documents: a short host and a long real message in another language."""

from __future__ import annotations

import random

from training.prepare import sources
from training.prepare.hardsets import LONG_MESSAGE_CHARS, long_message_documents
from training.prepare.splits import CALIB, TRAIN

WANT = {TRAIN, CALIB}


def _hosts() -> dict[str, list[str]]:
    # Short sentences keep the host well under the messages' length.
    return {
        "en": [f"The {n}th report of the council was read at noon." for n in range(40)],
        "ru": [f"Совет прочитал свой {n}-й доклад в полдень." for n in range(40)],
    }


def test_a_long_message_sits_in_a_short_host_of_another_language() -> None:
    docs = long_message_documents(WANT, _hosts(), 8, random.Random(3))
    spam_texts = {m.text.strip(): m for m in sources.all_messages() if m.spam}
    assert len(docs) == 16
    injected = [d for d in docs if d.injected]
    assert len(injected) == 8  # spam and ham alike, so the content decides
    for d in injected:
        ((start, end),) = d.spans
        message = spam_texts[d.text[start:end]]
        assert message.language != d.language
        assert LONG_MESSAGE_CHARS[0] <= end - start <= LONG_MESSAGE_CHARS[1]
        # The message outweighs the host: that is the layout being taught.
        assert end - start > len(d.text) - (end - start)
    for d in docs:
        if not d.injected:
            # Ham is part of the text, not a span, and is recorded as a decoy.
            (message,) = d.decoys
            assert message in d.text and len(message) >= LONG_MESSAGE_CHARS[0]


def test_a_left_out_source_gives_no_long_message() -> None:
    docs = long_message_documents(
        WANT, _hosts(), 12, random.Random(4), exclude=frozenset({"ru-tg-spam"})
    )
    assert docs
    assert all(src != "ru-tg-spam" for d in docs for src in d.spam_sources)
