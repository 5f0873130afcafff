"""mfc-docs build: all or nothing, private, incremental, and it says what it did."""

from __future__ import annotations

import hashlib
import io
import json
import os
import stat
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image
from pypdf import PdfReader

from mfc_docs import pipeline
from mfc_docs.cli import main
from mfc_docs.output.build_lock import BuildLock
from mfc_docs.output.files import OutputError

from .conftest import TODAY, edit

CHILD = "young_people/alex/profile.yaml"


def run(*args: str):
    return CliRunner().invoke(main, [*args, "--today", TODAY.isoformat()])


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes, to compare before and after."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_build_writes_every_document_in_both_formats_and_a_manifest(minimal_home: Path) -> None:
    result = run("build", str(minimal_home))
    assert result.exit_code == 0, result.output
    out = minimal_home / "output"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {"generated_at", "tool_version", "sources", "documents"} <= set(manifest)
    kinds = {(d["kind"], d["format"]) for d in manifest["documents"]}
    for kind in ("procedure", "risk_assessment", "police_pack", "checklist", "key_contacts", "response_card"):
        assert (kind, "pdf") in kinds and (kind, "docx") in kinds, kind
    assert manifest["sources"] == {
        "home_config.yaml": hashlib.sha256((minimal_home / "home_config.yaml").read_bytes()).hexdigest(),
        CHILD: hashlib.sha256((minimal_home / CHILD).read_bytes()).hexdigest(),
        "young_people/alex/photo.jpg": hashlib.sha256((minimal_home / "young_people/alex/photo.jpg").read_bytes()).hexdigest(),
    }
    for entry in manifest["documents"]:
        path = out / entry["path"]
        assert path.exists(), entry["path"]
        assert entry["young_person"] in (None, "alex")
        if entry["format"] == "pdf":
            assert entry["pages"] == len(PdfReader(path).pages)
        assert f"wrote     {path}" in result.output
    assert result.output.splitlines()[-1].startswith(f"{len(manifest['documents'])} documents updated")


def test_one_invalid_file_writes_nothing_and_leaves_the_old_output_byte_identical(minimal_home: Path) -> None:
    assert run("build", str(minimal_home)).exit_code == 0
    before = snapshot(minimal_home / "output")
    edit(minimal_home / CHILD, "  level: medium", "  level: severe")
    result = run("build", str(minimal_home))
    assert result.exit_code == 1
    assert "risk.level: 'severe' is not one of the choices" in result.output
    assert result.output.splitlines()[-1].endswith("no documents were written.")
    assert snapshot(minimal_home / "output") == before


def test_an_invalid_first_build_creates_no_output_folder(minimal_home: Path) -> None:
    edit(minimal_home / CHILD, "  level: medium", "  level: severe")
    assert run("build", str(minimal_home)).exit_code == 1
    assert not (minimal_home / "output").exists()


def test_a_build_that_fails_part_way_leaves_the_old_output_byte_identical(minimal_home: Path, monkeypatch) -> None:
    """A renderer failing on the 5th document (a crash, a full disk) must not leave a half-new folder."""
    pipeline.build(minimal_home, today=TODAY)
    before = snapshot(minimal_home / "output")
    edit(minimal_home / CHILD, "  preferred: Alex", "  preferred: Lex")  # so the next build has work to do
    real = pipeline.render_job
    calls = {"n": 0}

    def failing(job):
        calls["n"] += 1
        if calls["n"] == 5:
            raise RuntimeError("simulated crash")
        return real(job)

    monkeypatch.setattr(pipeline, "render_job", failing)
    with pytest.raises(RuntimeError):
        pipeline.build(minimal_home, today=TODAY, jobs_count=1, force=True)
    assert calls["n"] == 5
    assert snapshot(minimal_home / "output") == before


def test_outputs_are_readable_by_the_owner_only(minimal_home: Path) -> None:
    old_umask = os.umask(0o022)
    try:
        pipeline.build(minimal_home, today=TODAY)
    finally:
        os.umask(old_umask)
    out = minimal_home / "output"
    for path in [out, *out.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), f"{path}: {oct(mode)}"


def test_a_second_build_rebuilds_nothing_and_force_rebuilds_everything(minimal_home: Path) -> None:
    first = pipeline.build(minimal_home, today=TODAY)
    again = pipeline.build(minimal_home, today=TODAY)
    assert again.written == [] and len(again.unchanged) == len(first.written)
    forced = pipeline.build(minimal_home, today=TODAY, force=True)
    assert len(forced.written) == len(first.written)


def _add_second_child(home: Path) -> None:
    second = home / "young_people" / "sam"
    second.mkdir()
    text = (home / CHILD).read_text(encoding="utf-8").replace("Alex Łukasz O'Brien", "Sam Example")
    (second / "profile.yaml").write_text(text.replace("photo:\n  file: photo.jpg\n  taken_on: 2026-10-01\n"
                                                      "  consent_to_share: yes\n", ""), encoding="utf-8")


def test_editing_one_child_rebuilds_only_their_documents(minimal_home: Path) -> None:
    _add_second_child(minimal_home)
    pipeline.build(minimal_home, today=TODAY)
    edit(minimal_home / CHILD, "  hair: short, brown", "  hair: shaved, dyed blue")
    result = pipeline.build(minimal_home, today=TODAY)
    changed = {(e["kind"], e["young_person"]) for e in result.written}
    assert changed == {("risk_assessment", "alex"), ("police_pack", "alex"), ("response_card", "alex")}
    manifest = json.loads((minimal_home / "output" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["sources"][CHILD] != "" and len(manifest["documents"]) == len(result.written) + len(result.unchanged)


def test_a_new_social_worker_number_also_updates_the_contacts_page(minimal_home: Path) -> None:
    pipeline.build(minimal_home, today=TODAY)
    edit(minimal_home / CHILD, "    phone: 07700 900010", "    phone: 07700 900099")
    result = pipeline.build(minimal_home, today=TODAY)
    assert {e["kind"] for e in result.written} == {"risk_assessment", "police_pack", "response_card", "key_contacts"}


def test_a_removed_child_is_kept_until_pruned(minimal_home: Path) -> None:
    _add_second_child(minimal_home)
    pipeline.build(minimal_home, today=TODAY)
    sam = minimal_home / "output" / "young_people" / "sam"
    assert sam.exists()
    for path in sorted((minimal_home / "young_people" / "sam").iterdir()):
        path.unlink()
    (minimal_home / "young_people" / "sam").rmdir()
    kept = run("build", str(minimal_home))
    assert "(child no longer in young_people/; --prune removes it)" in kept.output and sam.exists()
    pruned = run("build", str(minimal_home), "--prune")
    assert pruned.exit_code == 0
    assert any(line.startswith("removed   ") and line.endswith("young_people/sam/sam-police-pack.pdf")
               for line in pruned.output.splitlines()), pruned.output
    assert not sam.exists()
    manifest = json.loads((minimal_home / "output" / "manifest.json").read_text(encoding="utf-8"))
    assert all(e["young_person"] != "sam" for e in manifest["documents"])


def test_format_option_writes_one_format(minimal_home: Path) -> None:
    result = run("build", str(minimal_home), "--format", "pdf", "-o", str(minimal_home / "elsewhere"))
    assert result.exit_code == 0
    files = [p.suffix for p in (minimal_home / "elsewhere").rglob("*.*")
             if p.name != "manifest.json" and not p.name.startswith(".")]
    assert files and set(files) == {".pdf"}
    assert not (minimal_home / "output").exists()


def test_a_second_build_at_the_same_time_is_refused_clearly(minimal_home: Path) -> None:
    with BuildLock(minimal_home / "output"):
        result = run("build", str(minimal_home))
    assert result.exit_code == 1
    assert "another mfc-docs build is writing to" in result.output and "Wait for it to finish" in result.output
    with pytest.raises(OutputError):
        with BuildLock(minimal_home / "output"):
            with BuildLock(minimal_home / "output"):
                pass


def test_several_homes_in_one_run_carry_on_past_a_broken_one(minimal_home: Path, tmp_path: Path) -> None:
    import shutil

    broken = tmp_path / "broken"
    shutil.copytree(minimal_home, broken)
    edit(broken / CHILD, "  level: medium", "  level: severe")
    result = run("build", str(broken), str(minimal_home))
    assert result.exit_code == 1
    assert (minimal_home / "output" / "manifest.json").exists() and not (broken / "output").exists()
    assert result.output.splitlines()[-1] == "2 homes: some homes failed: see the errors above."


def test_quiet_with_several_homes_is_one_line_per_home_naming_it(minimal_home: Path, sample_home: Path) -> None:
    """A provider's run: each home's line names it, counts its warnings and overdue items, and gives the
    check command for that home, whose list has that many overdue items."""
    import shlex

    from mfc_docs.input.home_data import load_home
    from mfc_docs.rules.deadlines import OVERDUE, findings

    for counts in ("40 documents updated", "0 documents updated, 40 unchanged"):  # built, then up to date
        result = run("build", str(minimal_home), str(sample_home), "-q")
        assert result.exit_code == 0, result.output
        lines = result.output.splitlines()
        assert len(lines) == 3 and lines[-1] == "2 homes: all homes built."
        for line, home in zip(lines, (minimal_home, sample_home)):
            loaded = load_home(home, TODAY)
            warnings = sum(not p.is_error for p in loaded.problems)
            overdue = sum(f.status == OVERDUE for f in findings(loaded))
            assert line.startswith(f"{home}: ")
            assert home == minimal_home or line.startswith(f"{home}: {counts}")
            assert (f", {warnings} warning{'s' * (warnings != 1)} (run without -q to see them)" in line) == bool(warnings)
            if overdue:
                assert line.endswith(f", {overdue} things overdue (run 'mfc-docs check {shlex.quote(str(home))}' "
                                     "to see what).")
                listed = json.loads(run("check", str(home), "--json").output)
                assert sum(item["status"] == "overdue" for item in listed) == overdue
    assert overdue, "the sample home has overdue items to show"


def _gps_jpeg(path: Path) -> None:
    image = Image.new("RGB", (120, 160), (90, 120, 150))
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate
    gps = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}
    exif[0x8825] = gps
    image.save(path, exif=exif.tobytes())
    assert Image.open(path).getexif().get_ifd(0x8825), "the test photo must carry GPS"


def test_photos_lose_their_location_in_both_formats(minimal_home: Path) -> None:
    _gps_jpeg(minimal_home / "young_people/alex/photo.jpg")
    pipeline.build(minimal_home, today=TODAY)
    out = minimal_home / "output/young_people/alex"
    docx_images = []
    with zipfile.ZipFile(out / "alex-police-pack.docx") as package:
        docx_images = [package.read(n) for n in package.namelist() if n.startswith("word/media/")]
    pdf_images = [image.data for page in PdfReader(out / "alex-police-pack.pdf").pages for image in page.images]
    assert docx_images and pdf_images
    for data in docx_images + pdf_images:
        with Image.open(io.BytesIO(data)) as image:
            exif = image.getexif()
            assert not exif.get_ifd(0x8825) and 0x8825 not in exif
    with Image.open(io.BytesIO(docx_images[0])) as image:
        assert image.width > image.height  # the EXIF rotation was applied to the pixels


def test_an_unchanged_home_is_not_even_reloaded_on_the_same_day(minimal_home: Path, monkeypatch) -> None:
    assert run("build", str(minimal_home)).exit_code == 0
    import mfc_docs.commands.build as build_command

    def must_not_load(*args, **kwargs):
        raise AssertionError("an unchanged home was loaded again")

    monkeypatch.setattr(build_command, "load_checked", must_not_load)
    again = run("build", str(minimal_home))
    assert again.exit_code == 0, again.output
    assert "0 documents updated, " in again.output.splitlines()[-1]
    assert "warning: managers.deputy_manager" in again.output  # the stored warnings are shown again
    edit(minimal_home / CHILD, "  hair: short, brown", "  hair: long")
    with pytest.raises(AssertionError):
        build_command._build_one(minimal_home, minimal_home / "output",
                                 build_command.BuildOptions(("docx", "pdf"), False, False, True, False, TODAY),
                                 lambda line: None, interactive=False)


def test_a_new_day_looks_at_every_document_again(minimal_home: Path) -> None:
    """Ages and overdue warnings change with the date, so the same-day shortcut must not apply."""
    assert run("build", str(minimal_home)).exit_code == 0
    result = CliRunner().invoke(main, ["build", str(minimal_home), "--today", "2027-05-06"])
    assert result.exit_code == 0
    # Alex turns 16 on 6 May 2027: his documents change, the checklists do not.
    assert "young_people/alex/alex-police-pack.pdf" in result.output
    assert "checklists/1-immediate-response.pdf" not in result.output


def test_a_killed_build_does_not_lock_the_home_out(sample_home: Path) -> None:
    """Workers must not keep the lock (or keep running) after the build that started them is killed."""
    import shutil
    import signal
    import subprocess
    import sys
    import time

    for child in sorted((sample_home / "young_people").iterdir())[:2]:  # 6 children: enough to kill it mid-way
        shutil.copytree(child, sample_home / "young_people" / f"{child.name}-2")
    command = [sys.executable, "-m", "mfc_docs", "build", str(sample_home), "-q", "--today", TODAY.isoformat()]
    started = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    started.send_signal(signal.SIGTERM)
    started.wait(timeout=30)
    time.sleep(1.0)  # let the workers notice
    again = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert "another mfc-docs build" not in again.stdout
    assert again.returncode == 0, again.stdout + again.stderr


@pytest.mark.parametrize("command", [
    ["build"], ["dashboard", "--month", "2026-10"],
])
def test_an_output_folder_that_is_a_file_is_a_clear_error(minimal_home: Path, command: list[str]) -> None:
    (minimal_home / "output").write_text("not a folder")
    result = run(command[0], str(minimal_home), *command[1:])
    assert result.exit_code == 1
    assert "part of that path is a file, not a folder. Choose another output folder with -o" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)  # no traceback


def test_a_full_disk_while_writing_is_a_clear_error_and_changes_nothing(minimal_home: Path, monkeypatch) -> None:
    import errno

    from mfc_docs.output import switch

    pipeline.build(minimal_home, today=TODAY)
    before = snapshot(minimal_home / "output")
    edit(minimal_home / CHILD, "  preferred: Alex", "  preferred: Lex")
    real = switch.write_private_file
    calls = {"n": 0}

    def full_disk(path, data):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(path, data)

    monkeypatch.setattr(switch, "write_private_file", full_disk)
    result = run("build", str(minimal_home))
    assert result.exit_code == 1
    assert "the disk is full. Free some space, then run the command again. Nothing in the output folder was changed." \
        in result.output
    assert snapshot(minimal_home / "output") == before


def test_build_says_when_something_is_overdue(sample_home: Path) -> None:
    from mfc_docs.rules.deadlines import OVERDUE, findings
    from mfc_docs.input.home_data import load_home

    overdue = sum(f.status == OVERDUE for f in findings(load_home(sample_home, TODAY)))
    assert overdue, "the sample home has overdue items to show"
    result = run("build", str(sample_home), "-q")
    assert result.output.splitlines()[-1] == (
        f"{overdue} things overdue (return home interviews, reviews, Reg 40 decisions): run 'mfc-docs check' to see what.")


def test_a_folder_in_the_way_of_one_document_changes_none_of_them(minimal_home: Path) -> None:
    assert run("build", str(minimal_home)).exit_code == 0
    edit(minimal_home / "home_config.yaml", "  name: ", "  name: The ")  # every document changes
    in_the_way = minimal_home / "output/young_people/alex/alex-response-card.pdf"
    in_the_way.unlink()
    in_the_way.mkdir()
    before = snapshot(minimal_home / "output")
    result = run("build", str(minimal_home))
    assert result.exit_code == 1
    assert f"could not write to {in_the_way}: a folder is in the way where a file should be" in result.output
    assert "Nothing in the output folder was changed." in result.output
    assert ".staging-" not in result.output
    assert snapshot(minimal_home / "output") == before


def test_a_read_only_output_folder_is_a_clear_error(minimal_home: Path, monkeypatch) -> None:
    """As after 'chmod 500 output' (tests may run as root, for whom permissions do not apply)."""
    from mfc_docs.output import switch

    assert run("build", str(minimal_home)).exit_code == 0
    edit(minimal_home / CHILD, "  preferred: Alex", "  preferred: Lex")
    real = switch.make_private_dir

    def read_only(path, **options):
        if ".mfc-docs-staging-" in str(path):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, **options)

    monkeypatch.setattr(switch, "make_private_dir", read_only)
    result = run("build", str(minimal_home))
    assert result.exit_code == 1
    assert "you are not allowed to write there. Choose another output folder with -o" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)  # no traceback


def test_quiet_build_still_says_how_many_warnings_there_are(sample_home: Path) -> None:
    from mfc_docs.input.home_data import load_home

    warnings = sum(not p.is_error for p in load_home(sample_home, TODAY).problems)
    assert warnings, "the sample home has warnings to count"
    result = run("build", str(sample_home), "-q")
    assert "warning:" not in result.output  # quiet: not listed...
    assert f", {warnings} warnings (run without -q to see them)." in result.output  # ... but counted


def test_a_name_longer_than_a_page_is_a_clear_error_at_its_line_not_a_traceback(minimal_home: Path) -> None:
    """Found before rendering, where the line is known (it used to stop every document with a message
    about the PDFs); report says the same, and which line to fix."""
    edit(minimal_home / CHILD, "  legal: Alex Łukasz O'Brien", "  legal: " + " ".join(["Alexander"] * 400))
    result = run("build", str(minimal_home))
    assert result.exit_code == 1
    assert ("young_people/alex/profile.yaml:3:10: name.legal: this is 3,999 characters long; no real entry here is "
            "longer than 200.") in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    report = CliRunner().invoke(main, ["report", "alex", str(minimal_home), "--pdf-only", "--no-interactive",
                                       "--now", f"{TODAY.isoformat()} 00:30"])
    assert report.exit_code == 1
    assert "profile.yaml:3:10: name.legal: this is 3,999 characters long" in report.output
    assert "hand over the last printed police pack" in report.output


def test_a_photo_name_too_long_for_the_system_is_a_clear_error(minimal_home: Path) -> None:
    edit(minimal_home / CHILD, "  file: photo.jpg", "  file: " + "p" * 300 + ".jpg")
    result = run("validate", str(minimal_home))
    assert result.exit_code == 1
    assert "photo.file: the photo file name cannot be used" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_output_inside_young_people_is_refused(minimal_home: Path) -> None:
    result = run("build", str(minimal_home), "-o", str(minimal_home / "young_people" / "docs"))
    assert result.exit_code == 2
    assert "it is inside young_people/, which holds the home's own files" in result.output
    assert not (minimal_home / "young_people" / "docs").exists()


def test_the_manifest_records_each_source_files_size_and_time_so_an_unchanged_home_is_not_read_again(
        minimal_home: Path, monkeypatch) -> None:
    """Within a day, a home whose files are unchanged is recognised from their sizes and times alone."""
    out = minimal_home / "output"
    pipeline.build(minimal_home, out, today=TODAY)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["source_stats"]) == set(manifest["sources"])
    info = (minimal_home / CHILD).stat()
    assert manifest["source_stats"][CHILD] == [info.st_size, info.st_mtime_ns]

    read = []
    real = pipeline.sha256_file
    monkeypatch.setattr(pipeline, "sha256_file", lambda path: read.append(path) or real(path))
    assert pipeline.up_to_date(minimal_home, out, TODAY, pipeline.FORMATS) is not None
    assert read == []

    os.utime(minimal_home / CHILD, ns=(info.st_atime_ns, info.st_mtime_ns + 10**9))  # touched, not changed
    assert pipeline.up_to_date(minimal_home, out, TODAY, pipeline.FORMATS) is not None  # same bytes, same hash
    assert read == [minimal_home / CHILD]  # only the touched file was read


def test_a_photo_deleted_while_the_documents_are_made_is_said_plainly_and_changes_nothing(minimal_home: Path,
                                                                                          monkeypatch) -> None:
    """The photo was there when the home was read, and gone (moved, renamed) before the pack was laid out."""
    from mfc_docs.output.publish import RenderError

    pipeline.build(minimal_home, today=TODAY)
    before = snapshot(minimal_home / "output")
    edit(minimal_home / CHILD, "  preferred: Alex", "  preferred: Lex")  # so the next build has work to do
    real = pipeline._render_many

    def photo_gone_first(jobs, *args, **kwargs):
        (minimal_home / "young_people/alex/photo.jpg").unlink()
        return real(jobs, *args, **kwargs)

    monkeypatch.setattr(pipeline, "_render_many", photo_gone_first)
    with pytest.raises(RenderError) as failed:
        pipeline.build(minimal_home, today=TODAY, jobs_count=1)
    assert any("photo.jpg does not exist" in line for line in failed.value.lines())
    assert snapshot(minimal_home / "output") == before
