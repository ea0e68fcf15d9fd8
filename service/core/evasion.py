"""Fold evasive spellings to the form rules are written in, keeping a map to the original text."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import re2

from service.core.normalize import normalize

_OPTS = re2.Options()
_OPTS.log_errors = False

# Cyrillic and Greek letters that render like Latin ones (after casefold).
_CONFUSABLES: dict[str, str] = {
    "а": "a", "в": "b", "с": "c", "ԁ": "d", "е": "e", "һ": "h", "і": "i", "ј": "j", "к": "k",
    "м": "m", "н": "h", "о": "o", "р": "p", "ԛ": "q", "ѕ": "s", "т": "t", "у": "y", "х": "x",
    "ԝ": "w", "ӏ": "l", "ё": "e", "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k",
    "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "γ": "y", "ω": "w",
}  # fmt: skip

# Traditional -> simplified for the characters that occur in the shipped lists and venue
# names; opencc would be complete but is not a dependency.
_T2S = str.maketrans(
    "龍鳳樓會臺灣島論壇網總亂賭場專業銷熱線貸發辦證騙錢買賣槍彈藥愛覓極點擊進來約聯繫"
    "電話號碼網頁陰莖雞視頻頭髮處開設廣蘇寧漢瀋陽鄭廈門長鬆懶氣東韓傳獎幣優價訂購員際"
    "國務經濟滿體驗圍蕩婦賤騷姦",
    "龙凤楼会台湾岛论坛网总乱赌场专业销热线贷发办证骗钱买卖枪弹药爱觅极点击进来约联系"
    "电话号码网页阴茎鸡视频头发处开设广苏宁汉沈阳郑厦门长松懒气东韩传奖币优价订购员际"
    "国务经济满体验围荡妇贱骚奸",
)
_CN_DIGITS = str.maketrans("零〇一二三四五六七八九幺壹贰叁肆伍陆柒捌玖", "001234567891123456789")

# Runs of single letters or CJK characters split by one separator each: "v.i.a.g.r.a".
_SPACED = re2.compile(
    r"(?:^|[^\pL\pN])((?:[\pL\pN][ .\-_*·•|+~]){2,}[\pL\pN])(?:[^\pL\pN]|$)", _OPTS
)
_NON_ASCII = re2.compile(r"[^\x00-\x7f]+", _OPTS)
_HAS_CONFUSABLE = re2.compile("[" + "".join(_CONFUSABLES) + "]", _OPTS)
_WORD = re2.compile(r"[\pL]*[a-z][\pL]*", _OPTS)
_CN_NUM_RUN = re2.compile(r"[0-9零〇一二三四五六七八九幺壹贰叁肆伍陆柒捌玖]{5,}", _OPTS)
_TLDS = "com|net|org|cn|ru|info|xyz|top|cc|me|io|co|biz|vip|club|site|online|shop|tk|de|uk"
# Each pattern's group 1 is the disguise that gets replaced; the rest only anchors it.
_REPLACEMENTS: tuple[tuple[re2._Regexp, str], ...] = tuple(
    (re2.compile(p, _OPTS), r)
    for p, r in (
        (r"(薇信|威信|维信|徽信|危信|v信|w信|微x|微v|微 信|v❤)", "微信"),
        (r"(?:^|[^a-z0-9])(v ?x|wx|wei ?xin)(?:[^a-z]|$)", "微信"),
        (r"(扣扣|抠抠|寇寇|q q|q号)", "qq"),
        (r"(企鹅号?)\s*:?\s*[0-9]", "qq"),
        (r"[a-z0-9](\s*(?:点|點|。)\s*)[a-z0-9]", "."),
        (r"www(\s+dot\s+|\s*[(\[{]dot[)\]}]\s*)[a-z0-9]", "."),
        (rf"[a-z0-9](\s+dot\s+|\s*[(\[{{]dot[)\]}}]\s*)(?:{_TLDS})(?:[^a-z]|$)", "."),
    )
)
_ANY_REPLACEMENT = re2.compile("|".join(p.pattern for p, _ in _REPLACEMENTS), _OPTS)


@dataclass(frozen=True)
class Folded:
    """Text folded for matching; folded character i came from original [starts[i], ends[i])."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a non-empty folded [start, end) back to the original characters it covers."""
        return self.starts[start], self.ends[end - 1]


class _Buf:
    """Folded characters with their original spans, rebuilt by each folding step."""

    def __init__(self, text: str, starts: list[int], ends: list[int]) -> None:
        self.text, self.starts, self.ends = text, starts, ends

    def replace(self, pattern: re2._Regexp, new: str) -> None:
        """Replace group 1 of each match; new characters cover the whole replaced stretch."""
        text, out, st, en, pos = self.text, [], [], [], 0
        for m in pattern.finditer(text):
            a, b = m.start(1), m.end(1)
            if a < pos or a == b:
                continue
            out.append(text[pos:a])
            st.extend(self.starts[pos:a])
            en.extend(self.ends[pos:a])
            out.append(new)
            st.extend([self.starts[a]] * len(new))
            en.extend([self.ends[b - 1]] * len(new))
            pos = b
        if pos == 0:
            return
        out.append(text[pos:])
        st.extend(self.starts[pos:])
        en.extend(self.ends[pos:])
        self.text, self.starts, self.ends = "".join(out), st, en

    def join_spaced(self) -> None:
        """Drop the separators inside runs of single letters, keeping each letter's span."""
        if not _SPACED.search(self.text):
            return
        text, keep = self.text, [True] * len(self.text)
        found = False
        for m in _SPACED.finditer(text):
            for i in range(m.start(1) + 1, m.end(1), 2):
                keep[i] = False
                found = True
        if found:
            idx = [i for i, k in enumerate(keep) if k]
            self.text = "".join(text[i] for i in idx)
            self.starts = [self.starts[i] for i in idx]
            self.ends = [self.ends[i] for i in idx]


def _unconfuse(word: str) -> str:
    """Map look-alikes to Latin only in words that already mix in a Latin letter."""
    if word.isascii() or not any(ch in _CONFUSABLES for ch in word):
        return word
    mapped = "".join(_CONFUSABLES.get(ch, ch) for ch in word)
    # Only a word that becomes pure Latin was disguised; a genuinely mixed word is left alone.
    return mapped if mapped.isascii() else word


def fold_evasions(text: str) -> Folded:
    """Fold text for matching: normalize, undo look-alikes, spacing, and contact disguises."""
    norm = normalize(text)
    buf = _Buf(norm.text, list(norm.starts), list(norm.ends))
    folded = buf.text = buf.text.translate(_T2S)
    if not folded.isascii():
        # Same-length steps: confusables, Chinese numerals in long digit runs.
        # Only these two steps look at every character, so each is gated by one RE2 search.
        chars = list(buf.text)
        if _HAS_CONFUSABLE.search(buf.text):
            for m in _WORD.finditer(buf.text):
                word = _unconfuse(m.group(0))
                chars[m.start() : m.end()] = list(word)
        for m in _CN_NUM_RUN.finditer(buf.text):
            chars[m.start() : m.end()] = list(m.group(0).translate(_CN_DIGITS))
        buf.text = "".join(chars)
    buf.join_spaced()
    if _ANY_REPLACEMENT.search(buf.text):
        for pattern, repl in _REPLACEMENTS:
            buf.replace(pattern, repl)
    return Folded(buf.text, tuple(buf.starts), tuple(buf.ends))


@functools.lru_cache(maxsize=1 << 16)
def fold_term(term: str) -> str:
    """Fold a rule's keyword the same way message text is folded, so both sides agree."""
    return fold_evasions(term).text
