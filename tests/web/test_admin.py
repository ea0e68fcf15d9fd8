"""Broken rule edits of every kind are refused the same way by the admin reload, by polling
and by `rules lint`: with the exact file and line, while the last good set keeps serving."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from flask import Flask

from service import create_app
from service.config import REPO_ROOT
from service.core.lint import lint
from service.web.state import runtime_of

TOKEN = "admin-test-token"
RULE = """
[[rule]]
id = "{id}"
description = "An operator's rule."
score = 0.9
languages = ["*"]
{matcher}
[rule.examples]
match = ["{match}"]
no_match = ["a quiet walk by the river"]
"""
GOOD = RULE.format(id="LOCAL_OK", matcher='keywords = ["qzxv ok"]', match="qzxv ok")
# (files to write under local/, the file and line the error must name, a fragment of it)
KINDS: dict[str, tuple[dict[str, bytes], str, int, str]] = {
    "bad RE2 regex": ({"bad.toml": RULE.format(
        id="LOCAL_RE", matcher="pattern = '(?=x)y'", match="y").encode()}, "bad.toml", 2, "RE2"),
    "bad TOML": ({"bad.toml": b"[[rule]\nid = 1\n"}, "bad.toml", 1, "TOML"),
    "empty pattern": ({"bad.toml": RULE.format(
        id="LOCAL_EMPTY", matcher='pattern = ""', match="x").encode()}, "bad.toml", 2,
        "non-empty"),
    "duplicate id": ({"bad.toml": (GOOD + GOOD).encode()}, "bad.toml", 12, "duplicate"),
    "non-UTF-8 list": ({
        "bad.toml": RULE.format(id="LOCAL_LIST", matcher='list = "probe"', match="qzxv").encode(),
        "lists/probe.txt": b"qzxv\n\xff\xfe\n"}, "lists/probe.txt", 2, "UTF-8"),
    "empty keyword": ({"bad.toml": RULE.format(
        id="LOCAL_KW", matcher='keywords = ["qzxv", ""]', match="qzxv").encode()}, "bad.toml",
        2, "empty string"),
    "failing example": ({"bad.toml": RULE.format(
        id="LOCAL_EX", matcher='keywords = ["qzxv"]', match="no hit").encode()}, "bad.toml", 2,
        "does not match"),
}  # fmt: skip


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    tmp = tmp_path_factory.mktemp("admin")
    rules = tmp / "rules"
    shutil.copytree(REPO_ROOT / "rules", rules, ignore=shutil.ignore_patterns("local"))
    (rules / "local" / "lists").mkdir(parents=True)
    yield create_app({
        "rules_dir": rules, "local_rules_dir": rules / "local", "rules_poll_s": 0.0,
        "instance_dir": tmp / "instance", "admin_token": TOKEN, "cache": "none",
    })  # fmt: skip


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_of_broken_edit_names_file_and_line_everywhere(app: Flask, kind: str) -> None:
    files, where, line, fragment = KINDS[kind]
    rt = runtime_of(app)
    local = rt.settings.local_rules_dir
    good = rt.engine.ruleset.version
    expected = f"{local / where}:{line}: "
    try:
        for name, raw in files.items():
            (local / name).write_bytes(raw)
        r = app.test_client().post("/admin/rules/reload",
                                   headers={"Authorization": f"Bearer {TOKEN}"})  # fmt: skip
        body = r.get_json()
        assert r.status_code == 422 and body["version"] == good, body
        assert body["error"]["message"].startswith(expected), body["error"]["message"]
        assert fragment in body["error"]["message"]
        # Polling meets the same edit the same way.
        rt.rules.fingerprint = ()
        rt.maybe_reload()
        assert rt.engine.ruleset.version == good
        assert str(rt.rules.last_error).startswith(expected)
        # And lint reports it at the same place.
        issues = lint(rt.settings.rules_dir, local, None)
        assert any(f"{i.path}:{i.line}: ".startswith(expected) and i.severity == "error"
                   for i in issues), [str(i) for i in issues]  # fmt: skip
        check = app.test_client().post("/v1/check", json={"text": "Tea at four."})
        assert check.status_code == 200 and check.get_json()["versions"]["rules"] == good
    finally:
        for name in files:
            (local / name).unlink()
    assert rt.reload(force=True) or rt.engine.ruleset.version == good
