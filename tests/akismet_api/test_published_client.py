"""The published `akismet` package, unmodified, talks to Darnel over real HTTP."""

from __future__ import annotations

from collections.abc import Iterator

import akismet
import httpx
import pytest
from keys.support import RewriteTransport, cms_overrides, key_store, make_key
from live_server import LiveServer
from samples import HAM

from service.config import REPO_ROOT
from service.keys.akismet_reports import iter_feedback

SHANGHAI = (REPO_ROOT / "tests" / "data" / "shanghai-article.txt").read_text("utf-8")
BLOG = "https://example.com"


@pytest.fixture(scope="module")
def setup(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[LiveServer, dict[str, object]]]:
    overrides = cms_overrides(tmp_path_factory.mktemp("akismet"))
    srv = LiveServer(overrides)
    yield srv, overrides
    srv.stop()


def _client(srv: LiveServer, key: str) -> akismet.SyncClient:
    http = httpx.Client(
        transport=RewriteTransport(srv.url),
        headers={"User-Agent": akismet.USER_AGENT},
        timeout=30.0,
    )
    return akismet.SyncClient(config=akismet.Config(key=key, url=BLOG), http_client=http)


def test_verify_key(setup: tuple[LiveServer, dict[str, object]]) -> None:
    srv, overrides = setup
    key = make_key(overrides)
    assert _client(srv, key).verify_key() is True
    assert _client(srv, "zzzzzzzzzzzz").verify_key() is False
    # The validating constructor is what most integrations call first.
    http = httpx.Client(transport=RewriteTransport(srv.url), timeout=30.0)
    client = akismet.SyncClient.validated_client(
        config=akismet.Config(key=key, url=BLOG), http_client=http
    )
    assert client.verify_key() is True


def test_comment_check_spam_and_ham(setup: tuple[LiveServer, dict[str, object]]) -> None:
    srv, overrides = setup
    with _client(srv, make_key(overrides)) as client:
        spam = client.comment_check(
            "203.0.113.9",
            comment_content=SHANGHAI,
            comment_type="comment",
            comment_author="Visitor",
            permalink=f"{BLOG}/shanghai",
        )
        assert spam in (akismet.CheckResponse.SPAM, akismet.CheckResponse.DISCARD)
        assert client.comment_check("203.0.113.9", comment_content=HAM) == akismet.CheckResponse.HAM


def test_submit_spam_and_ham_become_feedback(setup: tuple[LiveServer, dict[str, object]]) -> None:
    srv, overrides = setup
    with _client(srv, make_key(overrides)) as client:
        assert (
            client.submit_spam("203.0.113.9", comment_content="Cheap pills at 爱上海论坛") is True
        )
        assert client.submit_ham("203.0.113.9", comment_content=HAM, comment_type="comment") is True
    rows = list(iter_feedback(key_store(overrides).engine))
    labels = {(r["text"], r["label"]) for r in rows}
    assert ("Cheap pills at 爱上海论坛", "spam") in labels and (HAM, "ham") in labels
    for r in rows:
        assert r["source"] == "akismet" and r["weight"] > 0 and r["id"].startswith("akismet-")
        assert set(r) == {"text", "label", "source", "language", "weight", "id"}


def test_usage_limit_and_revoked_key(setup: tuple[LiveServer, dict[str, object]]) -> None:
    srv, overrides = setup
    key = make_key(overrides, monthly_limit=1000)
    client = _client(srv, key)
    client.comment_check("203.0.113.9", comment_content=HAM)
    usage = client.usage_limit()
    assert usage["limit"] == 1000 and usage["usage"] == 1 and usage["throttled"] is False
    assert usage["percentage"] == "0.10"
    key_store(overrides).revoke(key)
    assert client.verify_key() is False
    with pytest.raises(akismet.APIKeyError):
        client.comment_check("203.0.113.9", comment_content=HAM)
    with pytest.raises(akismet.APIKeyError):
        client.submit_spam("203.0.113.9", comment_content=HAM)
