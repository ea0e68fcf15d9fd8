"""The review store contract: every backend (SQLite, PostgreSQL) must pass all of it."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest

from review.factory import new_item
from service.review.errors import ItemNotFound, NothingToUndo, VersionConflict
from service.review.models import Action, DecisionRequest, ItemFilter, Status
from service.review.sql import SqlReviewStore


def test_upsert_then_get_round_trips_everything(store: SqlReviewStore) -> None:
    new = new_item(content_id="c1")
    item = store.upsert(new)
    got = store.get(item.id)
    assert got == item
    assert (got.status, got.version, got.text, got.site) == (Status.PENDING, 1, new.text, "news")
    assert got.spans == new.spans and got.spans[0]["text"] == "爱上海论坛"
    assert got.rule_ids == ("ZH_LOVE_CITY",)
    assert (got.rules_version, got.model_version) == ("r-test", "none")
    assert got.verdict_id == new.verdict_id


def test_same_site_and_content_id_updates_instead_of_duplicating(store: SqlReviewStore) -> None:
    first = store.upsert(new_item(content_id="c1"))
    second = store.upsert(new_item("Edited. 爱上海论坛!", content_id="c1"))
    other_site = store.upsert(new_item(content_id="c1", site="blog"))
    assert second.id == first.id and second.version == 2 and second.text == "Edited. 爱上海论坛!"
    assert other_site.id != first.id
    assert store.list_items(ItemFilter()).total == 2


def test_items_without_content_id_are_keyed_by_verdict_id(store: SqlReviewStore) -> None:
    a = store.upsert(new_item())
    b = store.upsert(new_item())
    again = store.upsert(replace(new_item(), key=a.key, verdict_id=a.verdict_id))
    assert a.id != b.id and again.id == a.id


def test_changed_text_sends_a_decided_item_back_to_pending(store: SqlReviewStore) -> None:
    item = store.upsert(new_item(content_id="c1"))
    store.decide(DecisionRequest(item.id, Action.SPAM, 1), "ann")
    same = store.upsert(new_item(content_id="c1"))
    assert same.status is Status.SPAM
    edited = store.upsert(new_item("New text 爱上海论坛", content_id="c1"))
    assert edited.status is Status.PENDING and edited.decided_by is None
    assert len(store.history(item.id)) == 1


def test_filters_and_cursor_pagination(store: SqlReviewStore) -> None:
    for n in range(7):
        store.upsert(
            new_item(
                content_id=f"c{n}",
                language="en" if n % 2 else "fr",
                rules=("RULE_A",) if n < 3 else ("RULE_B",),
                received_ms=1_000 * n,
                verdict="review" if n == 6 else "block",
            )
        )
    store.upsert(new_item("no spans here", content_id="plain", site="blog"))
    assert store.list_items(ItemFilter(language="fr")).total == 4
    assert store.list_items(ItemFilter(rule_id="RULE_A")).total == 3
    assert store.list_items(ItemFilter(site="blog")).total == 1
    assert store.list_items(ItemFilter(verdict="review")).total == 1
    assert store.list_items(ItemFilter(since_ms=2_000, until_ms=5_000)).total == 3
    seen, cursor = [], None
    while True:
        page = store.list_items(ItemFilter(), cursor, 3)
        seen += [i.id for i in page.items]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert seen == sorted(seen) and len(seen) == 8
    with pytest.raises(ValueError):
        store.list_items(ItemFilter(), "not-a-cursor")


def test_decide_checks_version_and_logs_history(store: SqlReviewStore) -> None:
    item = store.upsert(new_item(content_id="c1"))
    done = store.decide(DecisionRequest(item.id, Action.REMOVE_SPANS, 1), "ann")
    assert (done.status, done.version, done.decided_by) == (Status.REMOVE_SPANS, 2, "ann")
    with pytest.raises(VersionConflict) as err:
        store.decide(DecisionRequest(item.id, Action.HAM, 1), "bob")
    assert err.value.current.status is Status.REMOVE_SPANS and err.value.current.version == 2
    with pytest.raises(ItemNotFound):
        store.decide(DecisionRequest(999_999, Action.HAM, 1), "bob")
    [d] = store.history(item.id)
    assert (d.action, d.moderator, d.status_before, d.status_after) == (
        Action.REMOVE_SPANS,
        "ann",
        Status.PENDING,
        Status.REMOVE_SPANS,
    )


def test_undo_walks_back_and_is_logged(store: SqlReviewStore) -> None:
    item = store.upsert(new_item(content_id="c1"))
    with pytest.raises(NothingToUndo):
        store.decide(DecisionRequest(item.id, Action.UNDO, 1), "ann")
    store.decide(DecisionRequest(item.id, Action.SPAM, 1), "ann")
    store.decide(DecisionRequest(item.id, Action.HAM, 2), "bob")
    back = store.decide(DecisionRequest(item.id, Action.UNDO, 3), "bob")
    assert (back.status, back.decided_by) == (Status.SPAM, "ann")
    back = store.decide(DecisionRequest(item.id, Action.UNDO, 4), "bob")
    assert (back.status, back.decided_by) == (Status.PENDING, None)
    with pytest.raises(NothingToUndo):
        store.decide(DecisionRequest(item.id, Action.UNDO, 5), "bob")
    actions = [d.action for d in store.history(item.id)]
    assert actions == [Action.SPAM, Action.HAM, Action.UNDO, Action.UNDO]


def test_bulk_is_all_or_nothing(store: SqlReviewStore) -> None:
    ids = [store.upsert(new_item(content_id=f"c{n}")).id for n in range(5)]
    stale = [DecisionRequest(i, Action.SPAM, 1) for i in ids[:4]] + [
        DecisionRequest(ids[4], Action.SPAM, 7)
    ]
    with pytest.raises(VersionConflict):
        store.decide_many(stale, "ann")
    assert all(store.get(i).status is Status.PENDING for i in ids)
    assert all(store.history(i) == () for i in ids)
    done = store.decide_many([DecisionRequest(i, Action.HAM, 1) for i in ids], "ann")
    assert [d.status for d in done] == [Status.HAM] * 5
    batches = {store.history(i)[0].batch_id for i in ids}
    assert len(batches) == 1 and None not in batches
    with pytest.raises(ValueError):
        store.decide_many([DecisionRequest(ids[0], Action.HAM, 2)] * 2, "ann")


def test_two_moderators_at_once_one_wins(store: SqlReviewStore) -> None:
    for round_ in range(5):
        item = store.upsert(new_item(content_id=f"race{round_}"))
        barrier = threading.Barrier(2)
        results: dict[str, object] = {}

        def act(
            who: str,
            action: Action,
            item_id: int = item.id,
            barrier: threading.Barrier = barrier,
            results: dict[str, object] = results,
        ) -> None:
            barrier.wait()
            try:
                results[who] = store.decide(DecisionRequest(item_id, action, 1), who)
            except VersionConflict as exc:
                results[who] = exc

        threads = [
            threading.Thread(target=act, args=("ann", Action.SPAM)),
            threading.Thread(target=act, args=("bob", Action.HAM)),
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        conflicts = [r for r in results.values() if isinstance(r, VersionConflict)]
        assert len(conflicts) == 1, results
        winner = next(r for r in results.values() if not isinstance(r, VersionConflict))
        assert conflicts[0].current.version == 2
        assert store.get(item.id).status == winner.status  # type: ignore[attr-defined]
        assert len(store.history(item.id)) == 1


def test_neighbours_decided_and_rule_stats(store: SqlReviewStore) -> None:
    a = store.upsert(new_item(content_id="a", rules=("RULE_A", "RULE_B")))
    b = store.upsert(new_item(content_id="b", rules=("RULE_A",)))
    c = store.upsert(new_item(content_id="c", rules=("RULE_A",)))
    store.upsert(new_item(content_id="d", rules=("RULE_C",)))
    assert store.neighbours(b.id, ItemFilter()) == (a.id, c.id)
    store.decide(DecisionRequest(a.id, Action.SPAM, 1), "ann")
    store.decide(DecisionRequest(b.id, Action.HAM, 1), "ann")
    store.decide(DecisionRequest(c.id, Action.REMOVE_SPANS, 1), "ann")
    assert store.neighbours(b.id, ItemFilter(status=Status.PENDING)) == (None, c.id + 1)
    assert [i.id for i in store.decided()] == [a.id, b.id, c.id]
    stats = {s.rule_id: (s.spam, s.ham, s.precision) for s in store.rule_stats()}
    assert stats["RULE_A"][:2] == (2, 1) and stats["RULE_A"][2] == pytest.approx(2 / 3)
    assert stats["RULE_B"] == (1, 0, 1.0)
    assert "RULE_C" not in stats and "FOREIGN_SCRIPT_ISLAND" not in stats


def test_nul_and_long_keys_are_stored(store: SqlReviewStore) -> None:
    item = store.upsert(new_item("a\x00b 爱上海论坛", content_id="x" * 2000))
    got = store.get(item.id)
    assert got.text == "a\ufffdb 爱上海论坛" and len(got.key) <= 600
