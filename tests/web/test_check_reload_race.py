"""A verdict made with rules reloaded after its cache key was taken is not cached under it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from service import create_app
from service.config import REPO_ROOT
from service.core.rulefiles import load_ruleset
from service.web.state import runtime_of

TEXT = "Meeting moved to Tuesday at the usual room."


def test_a_verdict_of_rules_reloaded_mid_request_is_not_cached_for_the_old_ones(
    tmp_path: Path,
) -> None:
    app = create_app({"instance_dir": tmp_path, "secret_key": "s" * 48, "cache": "memory"})
    engine = runtime_of(app).engine
    shipped = engine.ruleset
    other = load_ruleset(REPO_ROOT / "rules", None)
    other.version = "reloaded"
    check = engine.check

    def check_after_a_reload(*args: Any, **kwargs: Any) -> Any:
        # Another thread's reload lands after the key was taken, before the check reads.
        engine.ruleset = other
        return check(*args, **kwargs)

    engine.check = check_after_a_reload  # type: ignore[method-assign]
    client = app.test_client()
    first = client.post("/v1/check", json={"text": TEXT}).get_json()
    assert first["versions"]["rules"] == "reloaded"
    # Back on the first rules, the same request must not be answered with the other's verdict.
    engine.check = check  # type: ignore[method-assign]
    engine.ruleset = shipped
    again = client.post("/v1/check", json={"text": TEXT}).get_json()
    assert again["versions"]["rules"] == shipped.version
    assert again["cached"] is False
    assert client.post("/v1/check", json={"text": TEXT}).get_json()["cached"] is True
