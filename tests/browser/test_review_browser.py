"""A moderator works the queue in a real browser: sign in, open the item, decide by keyboard."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from review.live import PASSWORD, SHANGHAI, start, submit

from service.config import REPO_ROOT

ARTIFACTS = REPO_ROOT / "test-artifacts"
SPANS = ["爱上海论坛", "新上海龙凤419会所", "上海夜网论坛"]


def test_moderator_marks_the_shanghai_sample_spam_by_keyboard(browser: Any, tmp_path: Path) -> None:
    srv = start(tmp_path / "instance")
    try:
        verdict = submit(srv, SHANGHAI, "shanghai-article")
        assert verdict["verdict"] in ("review", "block")
        ctx = browser.new_context(viewport={"width": 1280, "height": 900})
        page = ctx.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{srv.url}/review/")
        assert "/review/login" in page.url
        page.fill("input[name=username]", "mod")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{srv.url}/review/")
        rows = page.locator("#queue li.row")
        assert rows.count() == 1 and page.locator("#queue-total").inner_text() == "1"

        page.keyboard.press("j")
        page.keyboard.press("Enter")
        page.wait_for_url("**/review/items/*")
        marks = page.locator("#item-text mark")
        assert marks.all_inner_texts() == SPANS
        assert all("FOREIGN_SCRIPT_ISLAND" in (m.get_attribute("title") or "") for m in marks.all())
        assert page.locator(".spans > li").count() == 3
        assert page.locator("#clean-text").inner_text().strip()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "review-item.png"), full_page=False)
        phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
        phone.add_cookies(ctx.cookies())
        mobile = phone.new_page()
        mobile.goto(page.url)
        width = mobile.evaluate("document.documentElement.scrollWidth")
        mobile.screenshot(path=str(ARTIFACTS / "review-item-phone.png"))
        assert width <= 390, f"the item page scrolls sideways on a phone ({width}px)"
        phone.close()

        page.keyboard.press("s")
        page.wait_for_url(f"{srv.url}/review/?status=pending")
        assert page.locator("#queue-total").inner_text() == "0"
        assert "marked 'spam'" in page.locator(".flash").inner_text()
        page.goto(f"{srv.url}/review/?status=spam")
        assert page.locator("#queue li.row").count() == 1
        ctx.close()
    finally:
        srv.stop()
