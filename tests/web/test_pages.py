"""The pages a shift uses, driven through the app (the browser tests drive the same flows in Chromium)."""

from __future__ import annotations

import json
from datetime import datetime

from mfc_docs.output.catalogue import police_packs

from .conftest import NOW, text_of


def test_the_front_page_shows_every_child_with_status_and_what_is_due(browser) -> None:
    page = text_of(browser.get("/"))
    for name in ("Nhung", "Oisín", "Zosia", "Ștefan"):
        assert f"{name} is missing" in page
    assert "HIGH RISK" in page and "LOW RISK" in page and "MEDIUM RISK" in page
    assert "Back since Mon 23 Nov 2026 10:05" in page  # Nhung's last episode, interview still to hold
    assert "Hold the return home interview (within 72 hours of the child's return)" in page
    assert "In placement" in page
    assert "Overdue or due in the next 7 days" in page and "OVERDUE" in page  # check's findings
    assert "no photo on file" in page  # validate's warnings
    assert 'src="/children/nhung/photo"' in browser.get("/").get_data(as_text=True)


def test_a_missing_child_shows_since_when_for_how_long_and_the_next_deadline(browser, sample_home) -> None:
    response = browser.post("/children/stefan/missing", {"found_gone_at": "21:10", "recorded_by": "Sam"})
    assert response.status_code == 303
    page = text_of(browser.get("/"))
    assert "MISSING since 21:10 (20 min)" in page
    assert "Next: Call the police on 999 (high risk: at once), overdue since Tue 24 Nov 2026 21:10" in page
    assert "Live log for Ștefan" in page


def test_bad_data_in_one_childs_file_is_that_childs_problem(browser, sample_home) -> None:
    profile = sample_home / "young_people" / "zofia" / "profile.yaml"
    profile.write_text(profile.read_text().replace("date_of_birth: 2012-07-02", "date_of_birth: 2012-13-02"))
    response = browser.get("/")
    assert response.status_code == 200
    page = text_of(response)
    assert "This child's file has 1 error" in page and "has month 13" in page
    assert "Nhung is missing" in page and "Oisín is missing" in page  # the rest of the home still works
    # reporting that child missing still works: the episode is recorded
    response = browser.post("/children/zofia/missing", {"found_gone_at": "21:10", "risk_level": "high",
                                                        "recorded_by": "Sam"})
    assert response.status_code == 303
    assert "found_gone_at: 2026-11-24 21:10" in (sample_home / "young_people" / "zofia" / "episodes.yaml").read_text()
    pack_page = text_of(browser.get(response.headers["Location"]))
    assert "The episode is recorded, but the police pack could not be made" in pack_page
    assert "has month 13" in pack_page


def test_a_page_never_shows_a_traceback(browser, sample_home) -> None:
    (sample_home / "young_people" / "nhung" / "episodes.yaml").write_text("episodes:\n  - [unclosed\n")
    (sample_home / "home_config.yaml").write_text("home: {name: [\n")
    for path in ("/", "/check", "/documents", "/dashboard", "/children/nhung/missing", "/children/nhung/episode",
                 "/children/nhung/return", "/children/nhung/pack", "/children/nobody/missing", "/rebuild"):
        response = browser.get(path)
        assert response.status_code in (200, 303, 400, 404), path
        body = response.get_data(as_text=True)
        assert "Traceback" not in body and 'File "' not in body, path


def test_reporting_missing_records_the_episode_and_makes_the_pack(browser, sample_home) -> None:
    form = {"found_gone_at": "21:10", "last_seen_at": "20:45", "last_seen_where": "Garden gate",
            "last_seen_with": "Two older teenagers in a silver car", "wearing": "Black puffer coat, white trainers",
            "why_worried": "Said she was meeting someone she met online", "out_of_character": "no",
            "taken": "Phone, £20, inhaler", "risk_level": "high", "recorded_by": "Sam Carter, shift lead",
            "base_sha": browser.form_value("/children/nhung/missing", "base_sha")}
    response = browser.post("/children/nhung/missing", form)
    assert response.status_code == 303 and response.headers["Location"] == "/children/nhung/pack?new=1"
    episode = browser.app_home().child("nhung").episodes[-1]
    assert episode["found_gone_at"] == datetime(2026, 11, 24, 21, 10)
    assert episode["confirmed_missing_at"] == NOW
    assert episode["last_seen_at"] == datetime(2026, 11, 24, 20, 45)
    for key in ("last_seen_where", "last_seen_with", "wearing", "why_worried", "taken"):
        assert episode[key] == form[key]
    assert episode["out_of_character"] is False and episode["risk_level"] == "high"
    assert episode["recorded_by"] == "Sam Carter, shift lead"
    packs = police_packs(sample_home / "output", "nhung")
    assert packs and packs[0].format == "pdf"
    record = json.loads((sample_home / "output" / packs[0].relative_path).parent.joinpath("report.json").read_text())
    assert record["episode"]["last_seen_where"] == "Garden gate"
    assert record["episode"]["wearing"].startswith("Black puffer coat")
    page = text_of(browser.get(response.headers["Location"]))
    assert "Nhung's episode is recorded" in page and "Open the police pack to print" in page
    assert "999" in page and "Looked After Child - missing" in page  # the number and the words
    assert "Staff found them gone at" in page and "Garden gate" in page
    assert "Sam Carter, shift lead" in response.headers.get("Set-Cookie", "").replace("%20", " ").replace('"', "") \
        or "mfc_docs_name" in response.headers.get("Set-Cookie", "")


def test_only_found_gone_is_required_and_typed_answers_are_kept(browser, sample_home) -> None:
    before = (sample_home / "young_people" / "nhung" / "episodes.yaml").read_bytes()
    response = browser.post("/children/nhung/missing", {"found_gone_at": "", "last_seen_where": "Garden gate",
                                                        "wearing": "Red coat & <b>hat</b>"})
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "There is a problem" in body
    assert '<a href="#found_gone_at">Enter when staff found them gone' in body  # the summary links to the field
    assert 'id="found_gone_at"' in body
    assert '>Garden gate</textarea>' in body and "Red coat &amp; &lt;b&gt;hat&lt;/b&gt;" in body  # kept, escaped
    assert (sample_home / "young_people" / "nhung" / "episodes.yaml").read_bytes() == before
    response = browser.post("/children/nhung/missing", {"found_gone_at": "21:10"})
    assert response.status_code == 303  # nothing else is needed


def test_the_risk_level_can_be_raised_not_lowered(browser) -> None:
    response = browser.post("/children/zofia/missing", {"found_gone_at": "21:10", "risk_level": "low"})
    assert response.status_code == 400 and "can be raised here, not lowered" in text_of(response)
    page = browser.get("/children/zofia/missing").get_data(as_text=True)
    assert 'value="medium" checked' in page and 'value="low"' not in page


def test_every_field_has_a_label(browser) -> None:
    import re

    for path in ("/children/nhung/missing", "/children/oisin/missing"):
        page = browser.get(path).get_data(as_text=True)
        ids = re.findall(r'<(?:input|textarea)[^>]*\bid="([^"]+)"', page)
        assert ids
        for field_id in ids:
            assert f'for="{field_id}"' in page, field_id


def _report(browser, child="nhung"):
    return browser.post(f"/children/{child}/missing", {"found_gone_at": "21:10", "risk_level": "high",
                                                      "recorded_by": "Sam"})


def test_the_live_log_records_steps_with_time_and_name(browser, sample_home) -> None:
    _report(browser)
    key = browser.form_value("/children/nhung/episode", "episode")
    sha = browser.form_value("/children/nhung/episode", "base_sha")
    for action, at, note in (("Search of the home and grounds done", "21:15", ""), ("Police called", "", "WP-77"),
                             ("Manager told", "21:25", "")):
        response = browser.post("/children/nhung/episode/log", {"episode": key, "base_sha": sha, "by": "Sam",
                                                                "at": at, "note": note, "action": action})
        assert response.status_code == 303, text_of(response)
    episode = browser.app_home().child("nhung").episodes[-1]
    assert [(e["action"], e["at"].strftime("%H:%M"), e["by"]) for e in episode["log"]] == [
        ("Search of the home and grounds done", "21:15", "Sam"), ("Police called", "21:30", "Sam"),
        ("Manager told", "21:25", "Sam")]
    assert episode["police"]["called_at"] == NOW and episode["police"]["reference"] == "WP-77"
    assert episode["manager_notified_at"] == datetime(2026, 11, 24, 21, 25)
    page = text_of(browser.get("/children/nhung/episode"))
    assert "21:15 Tue 24 Nov Search of the home and grounds done (Sam)" in page
    assert "Police called: WP-77 (Sam)" in page


def test_a_log_entry_needs_a_name(browser) -> None:
    _report(browser)
    key = browser.form_value("/children/nhung/episode", "episode")
    response = browser.post("/children/nhung/episode/log", {"episode": key, "by": "", "action": "CCTV checked",
                                                            "note": "Seen at the gate"})
    assert response.status_code == 400
    assert '<a href="#by">Enter your name' in response.get_data(as_text=True)
    assert 'value="Seen at the gate"' in response.get_data(as_text=True)


def test_a_hand_edit_between_load_and_save_is_shown_and_not_overwritten(browser, sample_home) -> None:
    _report(browser)
    key = browser.form_value("/children/nhung/episode", "episode")
    sha = browser.form_value("/children/nhung/episode", "base_sha")
    path = sample_home / "young_people" / "nhung" / "episodes.yaml"
    edited = path.read_text().replace("recorded_by: Sam\n", "recorded_by: Sam Carter, shift lead\n")
    path.write_text(edited)
    response = browser.post("/children/nhung/episode/log", {"episode": key, "base_sha": sha, "by": "Sam",
                                                            "action": "CCTV checked", "note": "Nothing seen"})
    assert response.status_code == 409
    page = text_of(response)
    assert "was changed since this page was loaded (by hand or by another program)" in page
    assert "+ recorded_by: Sam Carter, shift lead" in page
    assert 'value="Nothing seen"' in response.get_data(as_text=True)
    assert path.read_text() == edited


def test_the_return_is_recorded_with_its_deadlines(browser, sample_home) -> None:
    _report(browser)
    page = text_of(browser.get("/children/nhung/return"))
    assert "Offer the return home interview (within 24 hours of the child's return): by Wed 25 Nov 2026 21:30" in page
    assert "Hold the post-incident review (within 5 working days of the child's return): by Tue 1 Dec 2026" in page
    response = browser.post("/children/nhung/return", {
        "base_sha": browser.form_value("/children/nhung/return", "base_sha"), "returned_at": "21:30",
        "return_how": "Walked back in", "brought_back_by": "", "where_found": "Bus station",
        "police_told_at": "21:30", "condition_on_return": "Cold, no injuries", "rhi_offered_at": "",
        "reg40_decision": "not_notified", "reg40_reason": "Short episode, back safe", "recorded_by": "Jo Hale, RM"})
    assert response.status_code == 303, text_of(response)
    episode = browser.app_home().child("nhung").episodes[-1]
    assert episode["returned_at"] == NOW and episode["where_found"] == "Bus station"
    assert episode["police"]["told_of_return_at"] == NOW
    assert episode["reg40"] == {"decision": "not_notified", "decided_on": NOW.date(),
                                "reason": "Short episode, back safe"}
    front = text_of(browser.get("/"))
    assert "Back since Tue 24 Nov 2026 21:30" in front
    check = text_of(browser.get("/check"))
    assert "review the risk assessment after this episode" in check  # marked for review


def test_documents_list_the_manifest_and_the_packs(browser, sample_home) -> None:
    from mfc_docs.pipeline import build

    build(sample_home, formats=("pdf",), jobs_count=1, today=NOW.date())
    _report(browser)
    page = text_of(browser.get("/documents"))
    assert "Police information pack (report)" in page and "Missing-from-care procedure" in page
    assert "Open" in page and "Download" in page
    front = browser.get("/").get_data(as_text=True)
    assert "Latest police pack" in front


def test_rebuild_shows_progress_and_finishes(browser, sample_home) -> None:
    import time

    response = browser.post("/rebuild", {})
    assert response.status_code == 303 and response.headers["Location"] == "/rebuild"
    for _ in range(600):
        page = text_of(browser.get("/rebuild"))
        if "Rebuild finished" in page:
            break
        assert "Rebuilding documents" in page
        time.sleep(0.1)
    assert "documents made" in page
    assert (sample_home / "output" / "manifest.json").exists()


def test_check_and_dashboard_pages(browser) -> None:
    check = text_of(browser.get("/check"))
    assert "OVERDUE" in check and "young_people/zofia/episodes.yaml:234" in check
    dashboard = text_of(browser.get("/dashboard?month=2026-11"))
    assert "Monthly dashboard: November 2026" in dashboard and "Reg 40 log" in dashboard
    assert "Against the targets" in dashboard
    assert "is not a date" in text_of(browser.get("/dashboard?month=nonsense")) or \
        "YYYY-MM" in text_of(browser.get("/dashboard?month=nonsense"))


def test_a_child_reported_twice_is_recorded_once(browser, sample_home) -> None:
    episodes = sample_home / "young_people" / "nhung" / "episodes.yaml"
    before = episodes.read_text().count("2026-11-24 21:10")
    assert _report(browser).status_code == 303
    second = _report(browser)  # a second member of staff, another tab
    assert second.status_code == 400
    assert "is already recorded as missing since Tue 24 November 2026, 21:10" in text_of(second)
    assert episodes.read_text().count("found_gone_at: 2026-11-24 21:10") == 1 and before == 0


def test_the_dashboard_page_says_which_child_who_left_is_not_counted(browser, sample_home) -> None:
    (sample_home / "left").mkdir()
    (sample_home / "young_people" / "oisin").rename(sample_home / "left" / "oisin")
    page = text_of(browser.get("/dashboard?month=2026-08"))
    assert "Not counted in these figures:" in page
    assert "left/oisin: warning: this folder's name does not say when the child left" in page


def test_the_episode_reaches_check_the_dashboard_and_the_risk_assessment(browser, sample_home) -> None:
    from click.testing import CliRunner

    from mfc_docs.cli import main
    from mfc_docs.documents.dashboard import dashboard_context
    from mfc_docs.input.episodes import historical_pattern

    before = historical_pattern(browser.app_home().child("oisin").episodes, NOW.date())
    _report(browser, "oisin")
    browser.post("/children/oisin/return", {"returned_at": "21:30", "recorded_by": "Sam"})
    result = CliRunner().invoke(main, ["check", str(sample_home), "--today", "2026-11-24", "--json"])
    findings = json.loads(result.output)
    assert {"child": "oisin", "episode": "2026-11-24", "kind": "rhi_offer"} in [
        {k: f[k] for k in ("child", "episode", "kind")} for f in findings]
    home = browser.app_home()
    dashboard = dashboard_context(home, NOW.date())
    assert any(row["name"] == "Oisín" for row in dashboard["episodes"])
    after = historical_pattern(home.child("oisin").episodes, NOW.date())
    assert int(after["count_12_months"].split()[0]) == int(before["count_12_months"].split()[0]) + 1


def test_an_episodes_file_that_is_a_link_still_gives_the_pack_and_says_why_nothing_was_recorded(
        browser, sample_home, tmp_path) -> None:
    """The night worker reporting a child missing gets the pack and the numbers, whatever the file is."""
    path = sample_home / "young_people" / "nhung" / "episodes.yaml"
    kept_elsewhere = tmp_path / "nhung-episodes.yaml"
    path.rename(kept_elsewhere)
    path.symlink_to(kept_elsewhere)
    before = kept_elsewhere.read_bytes()
    response = browser.post("/children/nhung/missing", {"found_gone_at": "21:10", "last_seen_where": "Garden gate",
                                                        "recorded_by": "Sam"})
    assert response.status_code == 200
    page = text_of(response)
    assert f"young_people/nhung/episodes.yaml is a link to {kept_elsewhere}, so nothing was written" in page
    assert "Numbers to call" in page and "999" in page
    assert "Staff found them gone at Tue 24 November 2026, 21:10" in page and "Garden gate" in page
    assert path.is_symlink() and kept_elsewhere.read_bytes() == before


def test_a_broken_episodes_file_still_gives_the_numbers_and_the_words(browser, sample_home) -> None:
    path = sample_home / "young_people" / "nhung" / "episodes.yaml"
    broken = path.read_text().replace("confirmed_missing_at: 2026-04-24 19:50", "confirmed_missing_at: 2026-04-31 19:50")
    path.write_text(broken)
    response = browser.post("/children/nhung/missing", {"found_gone_at": "21:10", "last_seen_where": "Garden gate",
                                                        "recorded_by": "Sam"})
    assert response.status_code == 200
    page = text_of(response)
    assert "young_people/nhung/episodes.yaml already has errors, so nothing can be added" in page
    assert "April 2026 has 30 days" in page
    assert "Numbers to call" in page and "999" in page
    assert "Staff found them gone at Tue 24 November 2026, 21:10" in page and "Garden gate" in page
    assert path.read_text() == broken
