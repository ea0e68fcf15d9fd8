"""Find every keyword and regex occurrence in folded text in one pass per matcher kind."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import ahocorasick
import re2

_OPTS = re2.Options()
_OPTS.log_errors = False

# Built-in patterns behind `contact = "..."`, written over folded text (see evasion.py: every
# WeChat disguise is folded to 微信, every QQ disguise to qq). The named group `hit`, when
# present, is the stretch reported; the rest only anchors it without lookaround.
CONTACT_PATTERNS: dict[str, str] = {
    "qq": r"(?P<hit>(?:qq|q)(?:号|号码)?\s*[:=]?\s*[1-9][0-9]{4,10})(?:[^0-9]|$)",
    "wechat": r"(?P<hit>(?:微信|wechat)(?:号)?\s*[:=]?\s*[a-z0-9][-_a-z0-9]{5,19})",
    "telegram": (
        r"(?P<hit>(?:https?://)?(?:t|telegram)\.me/[a-z0-9_+]{4,}"
        r"|(?:telegram|tg|телеграм|телеграмм|电报)\s*[:=]?\s*@[a-z0-9_]{4,32})"
    ),
    "whatsapp": (
        r"(?P<hit>(?:https?://)?wa\.me/[0-9]{6,15}"
        r"|(?:whatsapp|whats app|watsapp|wa)\s*[:=]?\s*\+?[0-9][0-9 \-]{7,16}[0-9])"
    ),
    "phone": (
        r"(?:^|[^0-9+])(?P<hit>\+[1-9][0-9]{0,2}[ \-]?[0-9]{2,4}[ \-]?[0-9]{3,4}[ \-]?[0-9]{3,4}"
        r"|1[3-9][0-9]{9}|08[1-9][0-9]{7,10})(?:[^0-9]|$)"
    ),
    "url": (
        r"(?P<hit>(?:https?://|www\.)[a-z0-9\-]+(?:\.[a-z0-9\-]+)+(?:/[^\s<>\"']*)?"
        r"|[a-z0-9\-]+\.(?:com|net|org|cn|ru|info|xyz|top|cc|vip|club|site|online|shop|tk)"
        r"(?:/[^\s<>\"']*)?)(?:[^a-z0-9]|$)"
    ),
    "email": r"(?P<hit>[a-z0-9._%+\-]+@[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,})",
}


class PatternError(ValueError):
    """A regex that RE2 cannot compile (backreferences, lookaround, bad syntax)."""


def compile_pattern(pattern: str) -> Any:
    """Compile a pattern with RE2 or raise PatternError with RE2's reason."""
    try:
        return re2.compile(pattern, _OPTS)
    except re2.error as exc:
        reason = exc.args[0] if exc.args else exc
        if isinstance(reason, bytes):
            reason = reason.decode("utf-8", "replace")
        raise PatternError(f"RE2 cannot compile {pattern!r}: {reason}") from exc


def is_word_char(ch: str) -> bool:
    """Return True for letters and digits of scripts that separate words with spaces."""
    cp = ord(ch)
    # CJK, kana, hangul and Thai are written without spaces: no word boundary applies.
    return ch.isalnum() and cp < 0x2E80 and not 0x0E00 <= cp <= 0x0EFF


def is_hangul(ch: str) -> bool:
    """Return True for a Hangul syllable or jamo."""
    cp = ord(ch)
    return 0xAC00 <= cp <= 0xD7A3 or 0x1100 <= cp <= 0x11FF or 0x3130 <= cp <= 0x318F


class KeywordMatcher:
    """An Aho-Corasick automaton over every folded term of every keyword-like rule."""

    def __init__(self, terms: Iterable[tuple[str, int]]) -> None:
        """Build from (folded term, rule index) pairs; duplicate pairs are merged."""
        table: dict[str, set[int]] = {}
        for term, rule in terms:
            if term:
                table.setdefault(term, set()).add(rule)
        self._automaton: Any = ahocorasick.Automaton()
        for term, rules in table.items():
            # Korean writes spaces between words but glues endings and particles to them:
            # a Hangul term must start a word ("염병" is a curse, "전염병" an epidemic) and
            # may end inside one.
            left = "hangul" if is_hangul(term[0]) else "word" if is_word_char(term[0]) else ""
            right = is_word_char(term[-1])
            self._automaton.add_word(term, (len(term), left, right, tuple(sorted(rules))))
        self.size = len(table)
        if table:
            self._automaton.make_automaton()

    def find(self, text: str) -> Iterator[tuple[int, int, int]]:
        """Yield (rule index, start, end) in folded offsets, honouring word boundaries."""
        if not self.size:
            return
        n = len(text)
        for last, (length, left, right, rules) in self._automaton.iter(text):
            start, end = last - length + 1, last + 1
            if left and start > 0:
                before = text[start - 1]
                if is_hangul(before) if left == "hangul" else is_word_char(before):
                    continue
            if right and end < n and is_word_char(text[end]):
                continue
            for rule in rules:
                yield rule, start, end


_SET_CHUNK = 500


class RegexMatcher:
    """RE2 patterns prefiltered by RE2::Set passes, so idle patterns cost nothing."""

    def __init__(self, patterns: Sequence[tuple[str, int]]) -> None:
        """Build from (pattern, rule index) pairs; raises PatternError on a bad pattern."""
        self._compiled = [(compile_pattern(p), rule) for p, rule in patterns]
        # One Set over thousands of patterns can exceed RE2's memory budget and fail to
        # compile; chunks keep each Set within it while still costing one pass per chunk.
        self._sets: list[tuple[int, Any]] = []
        for offset in range(0, len(patterns), _SET_CHUNK):
            chunk = patterns[offset : offset + _SET_CHUNK]
            rset = re2.Set.SearchSet(_OPTS)
            for p, _rule in chunk:
                rset.Add(p)
            try:
                rset.Compile()
            except re2.error as exc:
                raise PatternError(
                    f"patterns {offset + 1}-{offset + len(chunk)} together exceed RE2's memory "
                    f"budget: {exc}"
                ) from exc
            self._sets.append((offset, rset))

    def _matching(self, text: str) -> Iterator[int]:
        """Yield the index of every pattern that matches somewhere in text."""
        for offset, rset in self._sets:
            for index in rset.Match(text) or ():
                yield offset + index

    def find(self, text: str) -> Iterator[tuple[int, int, int]]:
        """Yield (rule index, start, end) in folded offsets for every non-empty match."""
        for index in self._matching(text):
            regex, rule = self._compiled[index]
            group = regex.groupindex.get("hit", 0)
            for m in regex.finditer(text):
                start, end = m.start(group), m.end(group)
                if 0 <= start < end:
                    yield rule, start, end
