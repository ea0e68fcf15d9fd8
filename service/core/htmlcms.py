"""Find the markup a CMS leaves in a post's text: WordPress shortcodes, read as markup."""

from __future__ import annotations

import re

# `[gallery ids="1,2"]`, `[caption id="a1" width="300"]`, `[/caption]`: WordPress expands these
# when it renders a post, so a post body sent as stored holds them; they are markup, not
# words. A bracketed name without attributes is a shortcode only when its closing tag is in the
# same text (`[embed]…[/embed]`): alone it is prose ("[sic]", "[citation needed]").
# (WordPress's block comments, `<!-- wp:paragraph -->`, are HTML comments: never text.)
_NAME = r"[a-z][a-z0-9_-]{0,40}"
_VALUE = r"(?:\"[^\"\[\]]{0,2000}\"|'[^'\[\]]{0,2000}'|[^\s\"'\[\]]{1,2000})"
_TAGGED = rf"\[{_NAME}(?:\s+[a-z][\w-]{{0,40}}={_VALUE}){{1,40}}\s*/?\]"
_CLOSING = re.compile(rf"\[/({_NAME})\]")
_SPACE = re.compile(rf"(?:\s|{_TAGGED}|\[/{_NAME}\])+")


def separators(text: str) -> list[tuple[int, int]]:
    """Return the stretches of a text that read as one space: white space and shortcodes."""
    if "[" not in text:
        return [m.span() for m in re.finditer(r"\s+", text)]
    closed = {m.group(1) for m in _CLOSING.finditer(text)}
    pattern = _SPACE
    if closed:
        bare = "|".join(re.escape(n) for n in sorted(closed))
        pattern = re.compile(rf"(?:\s|{_TAGGED}|\[/{_NAME}\]|\[(?:{bare})\])+")
    return [m.span() for m in pattern.finditer(text)]
