"""Collect real spam snippets to splice into prose: messages, list entries, composed promos."""

from __future__ import annotations

import gzip
import random
from dataclasses import dataclass

from training.prepare import corpus, sources
from training.prepare.splits import TEST, TRAIN, split_of

# The evaluation case (samples/shanghai-article.txt) must stay unseen: these names are never
# generated, and Shanghai is left out of the city list altogether so that nothing close to
# them is learnt by heart either.
HELD_OUT_NAMES = frozenset({"爱上海论坛", "新上海龙凤419会所", "上海夜网论坛"})
CITIES = (
    "北京", "广州", "深圳", "杭州", "南京", "苏州", "天津", "重庆", "成都", "武汉", "西安",
    "长沙", "郑州", "青岛", "厦门", "大连", "宁波", "东莞", "佛山", "合肥", "福州", "济南",
    "昆明", "沈阳", "哈尔滨", "无锡", "温州", "石家庄", "南宁", "贵阳", "南昌", "太原",
    "长春", "海口", "三亚", "珠海", "中山", "惠州", "常州", "徐州",
)  # fmt: skip
SERVICE_WORDS = (
    "夜网", "龙凤", "会所", "论坛", "桑拿", "楼凤", "夜生活", "外围", "品茶", "娱乐会所",
    "足浴", "按摩", "夜场", "同城交友", "花坊", "后花园",
)  # fmt: skip
SUFFIX_WORDS = ("论坛", "会所", "网", "社区", "")
NUMBERS = ("419", "1314", "51", "99")
# Everyday words in 广告.txt (网络, QQ, 淘宝) are not spam on their own; longer entries are.
MIN_AD_ENTRY = 4


@dataclass(frozen=True)
class Snippet:
    """A piece of real or realistically composed spam, with where it came from."""

    text: str
    language: str
    source: str
    split: str


def compose_promo(rng: random.Random, city: str) -> str:
    """Compose a promo name the way SEO spam does: [爱|新] city service [number] [suffix]."""
    while True:
        name = rng.choice(("", "", "爱", "新")) + city + rng.choice(SERVICE_WORDS)
        if rng.random() < 0.3:
            name += rng.choice(NUMBERS)
        if rng.random() < 0.5:
            name += rng.choice(SUFFIX_WORDS)
        if name not in HELD_OUT_NAMES:
            return name


def promo_snippets(seed: int, per_city: int = 12) -> list[Snippet]:
    """Return composed promo names; every fourth city is reserved for the test split."""
    rng = random.Random(seed)
    out = []
    for i, city in enumerate(CITIES):
        split = TEST if i % 4 == 3 else TRAIN
        names = {compose_promo(rng, city) for _ in range(per_city)}
        out += [Snippet(n, "zh", "zh-promo", split) for n in sorted(names)]
    return out


# The zh-fwwdn list files spliced in, and the source name of each one's entries.
ZH_LISTS = {
    "色情类.txt": "zh-porn",
    "广告.txt": "zh-ads",
    "涉枪涉爆违法信息关键词.txt": "zh-weapons",
}


def list_snippets(seed: int) -> list[Snippet]:
    """Return zh-fwwdn entries (porn, ads, weapons), alone or two joined as spam pages do."""
    rng = random.Random(seed)
    entries: list[tuple[str, str]] = []
    for name, source in ZH_LISTS.items():
        for e in corpus.zh_list(name):
            if source == "zh-ads" and len(e) < MIN_AD_ENTRY:
                continue
            if e not in HELD_OUT_NAMES:
                entries.append((e, source))
    out = [Snippet(e, "zh", s, split_of(e, "zh-list")) for e, s in entries]
    for _ in range(len(entries) // 2):
        (a, s), (b, _s) = rng.sample(entries, 2)
        text = a + rng.choice(("", " ", "，")) + b
        out.append(Snippet(text, "zh", s, split_of(a, "zh-list")))
    return out


def message_snippets(exclude: frozenset[str] = frozenset()) -> list[Snippet]:
    """Return the real spam messages (long ones cut into pieces), each in its message split."""
    return [
        Snippet(m.text, m.language, m.source, split_of(m.text, m.source))
        for m in sources.all_messages(exclude)
        if m.spam
    ]


# Domain lists by the category of site they promote. Each is a real list entry; the
# link forms around it are the ones comment spam uses (a bare URL, a `www.` address, an
# anchor keyword before the link).
LINK_LISTS: dict[str, tuple[str, ...]] = {
    "gambling": (
        "domains-blocklistproject/gambling.txt",
        "domains-sinfonietta/gambling.txt",
        "domains-hostsvn/gambling.tsv.gz",
    ),
    "pharmacy": ("domains-blocklistproject/drugs.txt",),
    "scam": ("domains-blocklistproject/scam.txt", "domains-blocklistproject/phishing.txt.gz"),
    "adult": ("domains-hostsvn/adult.tsv", "domains-sinfonietta/porn.txt.gz"),
    "crypto": ("domains-blocklistproject/crypto.txt",),
    "seo": ("domains/matomo-referrer-spammers.txt",),
}
LINKS_PER_CATEGORY = 600
# The composed groups count as sources of their own in leave-one-source-out runs.
LINK_GROUP, ZH_GROUP = "domain-links", "zh-composed"


def _domains(rel: str) -> list[str]:
    path = corpus.DATA_DIR / "lists" / rel
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        rows = [ln.split("\t")[0].strip().lower() for ln in f]
    return [d for d in rows if "." in d and not d.startswith("#") and d != "domain"]


def link_snippets(seed: int, exclude: frozenset[str] = frozenset()) -> list[Snippet]:
    """Return links to listed spam domains, by category, with real anchor keywords.

    The anchors are the author names of the WordPress comment spam (the keyword a spammer
    links), so they are left out with that source in a leave-one-source-out run.
    """
    if LINK_GROUP in exclude:
        return []
    rng = random.Random(f"{seed}-links")
    anchors: list[str] = []
    wp = "en-wordpress-comment-spam"
    if wp not in exclude and sources.by_name(wp).available():
        links = sources.wordpress_links(sources.by_name(wp).root())
        anchors = sorted({a for a, _site in links if 3 <= len(a) <= 40})
    out: list[Snippet] = []
    for category, files in LINK_LISTS.items():
        pool = sorted({d for rel in files for d in _domains(rel)})
        for d in rng.sample(pool, min(LINKS_PER_CATEGORY, len(pool))):
            form = rng.random()
            if form < 0.3:
                text = f"http://{d}/"
            elif form < 0.5:
                text = f"https://www.{d}" if not d.startswith("www.") else f"https://{d}"
            elif form < 0.6:
                text = d
            elif anchors:
                text = f"{rng.choice(anchors)} http://{d}/"
            else:
                text = f"http://{d}"
            out.append(Snippet(text, "und", f"link-{category}", split_of(d, "domain")))
    return out


def all_snippets(seed: int, exclude: frozenset[str] = frozenset()) -> list[Snippet]:
    """Return every spam snippet source, less the excluded sources and groups."""
    composed = [] if ZH_GROUP in exclude else promo_snippets(seed) + list_snippets(seed)
    return composed + link_snippets(seed, exclude) + message_snippets(exclude)
