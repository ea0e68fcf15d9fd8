"""Tests for allowlists: veto rules, per-site allow entries, and how they cancel hits."""

from __future__ import annotations

import shutil
from pathlib import Path

from service.config import REPO_ROOT
from service.core.allow import apply_vetoes, site_allow_hits
from service.core.engine import Engine
from service.core.rulefiles import load_ruleset
from service.core.types import Action, RuleHit


def _hit(rid: str, a: int, b: int, group: str = "adult", veto: bool = False) -> RuleHit:
    return RuleHit(rid, a, b, -0.3 if veto else 0.6, rid, group, (), veto)


def test_a_veto_cancels_hits_within_it_but_not_a_longer_promo_around_it() -> None:
    hits = [_hit("VETO", 1, 5, "allow", True), _hit("INSIDE", 1, 5), _hit("AROUND", 0, 5)]
    assert [h.rule_id for h in apply_vetoes(hits)] == ["VETO", "AROUND"]


def test_a_link_on_an_allowlisted_domain_is_cancelled() -> None:
    hits = [_hit("DOMAIN", 10, 23, "allow", True), _hit("URL", 0, 40, "contact")]
    assert [h.rule_id for h in apply_vetoes(hits)] == ["DOMAIN"]
    # A non-link rule around the domain is not the domain's to cancel.
    assert [h.rule_id for h in apply_vetoes([hits[0], _hit("PHRASE", 0, 40)])] == [
        "DOMAIN",
        "PHRASE",
    ]


def test_site_allow_entries_match_folded_and_map_back() -> None:
    text = "Read ＥＸＡＭＰＬＥ.com today"
    (hit,) = site_allow_hits(text, ["example.com"])
    assert text[hit.start : hit.end] == "ＥＸＡＭＰＬＥ.com" and hit.veto


def test_site_allowlist_and_shadow_mode_through_the_engine(tmp_path: Path, engine: Engine) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(REPO_ROOT / "rules", rules, ignore=shutil.ignore_patterns("local"))
    (rules / "local").mkdir()
    (rules / "local" / "actions.toml").write_text(
        '[sites.fudan]\nallow = ["上海论坛"]\n\n[sites.watch]\nshadow = true\n',
        encoding="utf-8",
    )
    engine = Engine(ruleset=load_ruleset(rules), classifier=engine.classifier)
    text = "Conference news.\n上海论坛 opens today with scholars from forty countries."
    # The shipped rules and model flag the Shanghai Forum's name at a paragraph start ...
    assert engine.check(text, site=None).spans
    # ... the site that hosts the Shanghai Forum allowlists it ...
    allowed = engine.check(text, site="fudan")
    assert allowed.verdict is Action.ALLOW and not allowed.spans
    # ... and a promo around the allowed name is still caught there.
    promo = engine.check("Conference news.\n爱上海论坛 夜网 opens today.", site="fudan")
    assert promo.spans
    shadow = engine.check("Conference news.\n上海夜网论坛 opens today.", site="watch")
    assert shadow.verdict is Action.ALLOW and shadow.spans
    assert any(r.id == "SHADOW" for r in shadow.reasons)
