"""Build a page's checked text from its runs, keeping each segment's way back to the HTML."""

from __future__ import annotations

from service.core.htmlcms import separators

# Each block is its own paragraph: its own line, as paragraphs are in plain text.
PARAGRAPH = "\n"


class TextBuilder:
    """Append text runs to the checked text, keeping each segment's way back."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.seg_text: list[int] = []
        self.seg_len: list[int] = []
        self.seg_html: list[tuple[int, int]] = []
        self.seg_exact: list[bool] = []
        self.seg_element: list[int] = []
        self.seg_blank: list[bool] = []
        self.at_break = True

    def add(self, text: str, hs: int, he: int, exact: bool, element: int) -> None:
        self.parts.append(text)
        self.seg_text.append(self.size)
        self.seg_len.append(len(text))
        self.seg_html.append((hs, he))
        self.seg_exact.append(exact)
        self.seg_element.append(element)
        self.seg_blank.append(not text.strip())
        self.size += len(text)
        self.at_break = text.endswith((" ", "\n"))

    def paragraph(self) -> None:
        """End the current paragraph (no segment: nothing in the HTML maps to it)."""
        if self.parts and self.parts[-1] == " " and self.seg_text[-1] == self.size - 1:
            # A space before a paragraph break is nothing a reader sees.
            self.parts.pop()
            self.size -= 1
            for seg in (self.seg_text, self.seg_len, self.seg_html, self.seg_exact):
                seg.pop()
            self.seg_element.pop()
            self.seg_blank.pop()
        if self.size and not self.parts[-1].endswith(PARAGRAPH):
            self.parts.append(PARAGRAPH)
            self.size += len(PARAGRAPH)
        self.at_break = True

    def run(self, text: str, start: int, end: int, exact: bool, element: int) -> tuple[int, int]:
        """Add one run, white space collapsed to single spaces as a browser shows it; return
        the checked-text extent of its non-blank part ((n, n) when it has none)."""
        first = len(self.seg_text)
        if not exact:
            # An entity, or a <br>: a break inside a block, read as a space so that a
            # block's short lines ("restricted") are not judged as paragraphs of their own.
            if text.strip() or not self.at_break:
                self.add(text if text.strip() else " ", start, end, False, element)
        else:
            # White space, and a CMS's markup left in the text (a shortcode), read as one
            # space, as a browser shows white space and the CMS would render its markup.
            pos = 0
            for a, z in separators(text):
                if a > pos:
                    self.add(text[pos:a], start + pos, start + a, True, element)
                if not self.at_break:
                    self.add(" ", start + a, start + z, False, element)
                pos = z
            if pos < len(text):
                self.add(text[pos:], start + pos, start + len(text), True, element)
        shown = [k for k in range(first, len(self.seg_text)) if not self.seg_blank[k]]
        if not shown:
            return self.size, self.size
        return self.seg_text[shown[0]], self.seg_text[shown[-1]] + self.seg_len[shown[-1]]


def prefix_letters(b: TextBuilder) -> tuple[int, ...]:
    """Return the running count of non-blank checked characters before each segment."""
    out = [0]
    for part_len, blank in zip(b.seg_len, b.seg_blank, strict=True):
        out.append(out[-1] + (0 if blank else part_len))
    return tuple(out)
