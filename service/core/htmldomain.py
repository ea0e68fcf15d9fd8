"""Tell a page's own domains from the unrelated ones its links point to."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from urllib.parse import urlsplit

from service.core.htmlparse import Element

# Second-level labels under which a country's registrable names sit (example.co.uk).
_SECOND_LEVEL = frozenset("co com net org gov edu ac ne or go gob nic mil".split())
# Where a page names its own address.
_SELF = (("link", "href", "canonical"), ("meta", "content", "og:url"), ("base", "href", ""))


def registrable(href: str) -> str:
    """Return the registrable domain an absolute http(s) link points to, else ''."""
    href = href.strip()[:2000]
    if not href.lower().startswith(("http://", "https://", "//")):
        return ""
    try:
        host = urlsplit(href if not href.startswith("//") else "http:" + href).hostname or ""
    except ValueError:
        return ""
    labels = [x for x in host.lower().rstrip(".").split(".") if x]
    if len(labels) < 2:
        return ""
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def own_domains(elements: Sequence[Element], shown: Sequence[bool]) -> frozenset[str]:
    """Return the domains a page calls its own: its declared address, and the one its shown
    links point to most (a saved page's navigation points home even when it declares
    nothing; hidden links do not count, or planted spam would make its domain the page's)."""
    own: set[str] = set()
    counts: Counter[str] = Counter()
    for i, el in enumerate(elements):
        for tag, attr, rel in _SELF:
            if el.name != tag:
                continue
            kind = el.attrs.get("rel", "") if tag == "link" else el.attrs.get("property", "")
            if rel and kind.strip().lower() != rel:
                continue
            d = registrable(el.attrs.get(attr, ""))
            if d:
                own.add(d)
        if el.name == "a" and shown[i]:
            d = registrable(el.attrs.get("href", ""))
            if d:
                counts[d] += 1
    if counts:
        own.add(counts.most_common(1)[0][0])
    return frozenset(own)


def shown_domains(elements: Sequence[Element], shown: Sequence[bool]) -> frozenset[str]:
    """Return every domain a page's shown links point to: a site links openly to its
    sources, partners and sister sites, so a hidden link there is a copy of one it shows
    (a crawler's duplicate of the byline), not one planted to be seen by crawlers alone."""
    return frozenset(
        d
        for i, el in enumerate(elements)
        if el.name == "a" and shown[i]
        for d in (registrable(el.attrs.get("href", "")),)
        if d
    )


# Where pages send readers to follow and share them: links there are the site's own furniture
# ("Follow us on Twitter", "Share on Tumblr"), not promoted sites.
SOCIAL = frozenset(
    "facebook.com twitter.com x.com t.co tumblr.com pinterest.com linkedin.com instagram.com "
    "youtube.com reddit.com vk.com weibo.com line.me whatsapp.com telegram.me t.me "
    "google.com apple.com flipboard.com".split()
)


# Ad networks: links there are the page's ad units (hidden until an ad loads), not planted.
AD_NETWORKS = frozenset(
    "doubleclick.net googlesyndication.com googleadservices.com teads.tv taboola.com "
    "outbrain.com revcontent.com criteo.com adnxs.com amazon-adsystem.com aboutads.info "
    "youradchoices.com zergnet.com".split()
)


# Where a social network keeps one item (a video, a pin, a post) rather than an account or a
# share button: the site's furniture links to its accounts and shares its own page, while a
# link to one item promotes that item as a link to any other site would (comment spam signs
# with a YouTube video or a Pinterest pin).
_SOCIAL_ITEM = re.compile(
    r"/(?:watch|shorts/|pin/\d|p/|reel/|post/|posts/|[^/]+/(?:status|posts|comments)/|"
    r"r/[^/]+/comments/)",
    re.I,
)


def link_domain(href: str) -> str:
    """Return where a link sends a reader: its registrable domain, or for an item on a
    social network that network's items as a place of their own ("youtube.com/watch")."""
    domain = registrable(href)
    if domain not in SOCIAL:
        return domain
    try:
        path = urlsplit(href.strip()[:2000]).path
    except ValueError:
        return domain
    item = _SOCIAL_ITEM.match(path)
    return domain + item.group().rstrip("/0123456789") if item else domain


def unrelated(domain: str, own: frozenset[str]) -> bool:
    """Tell whether a link's domain is none of the page's own, nor a social network's or an
    ad network's."""
    return bool(domain) and domain not in own and domain not in SOCIAL | AD_NETWORKS
