"""Read the copied source data in training/data/ into plain labelled records."""

from __future__ import annotations

import csv
import gzip
import hashlib
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from service.config import REPO_ROOT

# The copied data sets stay in training/data, beside the packages that read them.
DATA_DIR = REPO_ROOT / "training" / "data"

# Host languages for injected documents: the major languages of the brief, all with Leipzig
# sentences. Every other Leipzig language still contributes clean sentences as ham.
HOST_LANGUAGES = (
    "en", "zh", "ja", "ko", "ru", "de", "fr", "es", "pt", "ar", "id", "vi", "th", "tr",
    "it", "nl", "pl", "uk", "hi", "fa", "he", "el", "sv", "cs", "ro",
)  # fmt: skip

# The UDHR file codes that map to one langdetect-style code each.
UDHR_FILES = {
    "arb": "ar", "cmn_hans": "zh", "deu_1996": "de", "eng": "en", "fra": "fr", "heb": "he",
    "hin": "hi", "ind": "id", "ita": "it", "jpn": "ja", "kor": "ko", "nld": "nl", "pol": "pl",
    "por_BR": "pt", "rus": "ru", "spa": "es", "swe": "sv", "tha": "th", "tur": "tr",
    "ukr": "uk", "vie": "vi",
}  # fmt: skip


@dataclass(frozen=True)
class Message:
    """One real message with its label (True = spam), language and source name."""

    text: str
    spam: bool
    language: str
    source: str


def _lines(path: Path) -> list[str]:
    return [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]


def uci_sms(data_dir: Path = DATA_DIR) -> list[Message]:
    """Return the UCI SMS Spam Collection in file order (the Almeida hold-out needs it)."""
    out = []
    path = data_dir / "messages" / "en-uci-sms-spam" / "SMSSpamCollection.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        label, _, text = line.partition("\t")
        if text.strip():
            out.append(Message(text.strip(), label == "spam", "en", "en-uci-sms-spam"))
    return out


def ru_telegram(data_dir: Path = DATA_DIR) -> list[Message]:
    """Return the tg-spam samples (Russian, some English spam)."""
    d = data_dir / "messages" / "ru-tg-spam"
    out = [Message(t, False, "ru", "ru-tg-spam") for t in _lines(d / "ham-samples.txt")]
    for name in ("spam-samples.txt", "testdata-spam.txt"):
        out += [Message(t, True, "ru", "ru-tg-spam") for t in _lines(d / name)]
    return out


def id_sms(data_dir: Path = DATA_DIR) -> list[Message]:
    """Return the Indonesian SMS set; fraud and promo both count as spam."""
    path = data_dir / "messages" / "id-sms-spam" / "dataset_sms_spam_v1.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return [
        Message(r["Teks"].strip(), r["label"].strip() != "0", "id", "id-sms-spam")
        for r in rows
        if r.get("Teks", "").strip()
    ]


def leipzig(data_dir: Path = DATA_DIR) -> dict[str, list[str]]:
    """Return Leipzig sentences per language code, in file order."""
    out: dict[str, list[str]] = {}
    for path in sorted((data_dir / "prose" / "leipzig-sentences").glob("*.txt.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            out[path.name.split(".")[0]] = [ln.strip() for ln in f if ln.strip()]
    return out


def udhr(data_dir: Path = DATA_DIR) -> dict[str, list[str]]:
    """Return UDHR paragraphs per language code; paragraph i is parallel across languages."""
    out: dict[str, list[str]] = {}
    for code, lang in UDHR_FILES.items():
        path = data_dir / "prose" / "udhr" / f"udhr_{code}.xml"
        if not path.is_file():
            continue
        root = ET.parse(path).getroot()
        paras = [
            " ".join("".join(el.itertext()).split())
            for el in root.iter()
            if el.tag.endswith("}para")
        ]
        out[lang] = [p for p in paras if p]
    return out


def zh_list(name: str, data_dir: Path = DATA_DIR) -> list[str]:
    """Return a zh-fwwdn list's entries with trailing commas and spaces stripped, deduped."""
    path = data_dir / "lists" / "zh-fwwdn" / name
    seen: dict[str, None] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = re.sub(r"[,，\s]+$", "", line.strip())
        if entry and not entry.startswith("#"):
            seen.setdefault(entry, None)
    return list(seen)


def data_checksum(data_dir: Path = DATA_DIR) -> str:
    """Return one sha256 over every data file's relative path and bytes, in sorted order."""
    h = hashlib.sha256()
    for path in sorted(p for p in data_dir.rglob("*") if p.is_file()):
        h.update(path.relative_to(data_dir).as_posix().encode())
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()
