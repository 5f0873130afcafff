"""Each security rule of the web page, with a test that fails without it (issue 14, "Rules it must keep")."""

from __future__ import annotations

import json
import os
import stat

import pytest

from mfc_docs.output.catalogue import catalogue, document_key
from mfc_docs.web.security import CONTENT_SECURITY_POLICY, UnsafeBind, check_bind_address
from mfc_docs.web.server import make_server

from .conftest import HOST, ORIGIN, PORT


def episodes_of(home, child="nhung") -> bytes:
    path = home / "young_people" / child / "episodes.yaml"
    return path.read_bytes() if path.exists() else b""


# -- 127.0.0.1 only -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "10.0.0.5", "::1", "localhost", "example.org"])
def test_a_bind_other_than_127_0_0_1_is_refused(host: str) -> None:
    with pytest.raises(UnsafeBind):
        check_bind_address(host)


def test_the_server_refuses_a_public_bind_and_listens_on_loopback(sample_home) -> None:
    with pytest.raises(UnsafeBind):
        make_server(sample_home, 0, host="0.0.0.0")
    server, guard = make_server(sample_home, 0)
    try:
        assert server.socket.getsockname()[0] == "127.0.0.1"
        assert guard.port == server.socket.getsockname()[1] != 0
        assert guard.start_url() == f"http://127.0.0.1:{guard.port}/?token={guard.token}"
    finally:
        server.close()


def test_serve_has_no_option_to_listen_elsewhere() -> None:
    from click.testing import CliRunner

    from mfc_docs.cli import main

    result = CliRunner().invoke(main, ["serve", ".", "--host", "0.0.0.0"])
    assert result.exit_code == 2 and "No such option" in result.output


# -- the token and its cookie ---------------------------------------------------------------------------------

def test_every_request_without_the_cookie_is_refused(sample_home, make_browser) -> None:
    browser = make_browser(sample_home)  # not signed in
    for path in ["/", "/check", "/documents", "/children/nhung/missing", "/children/nhung/photo",
                 "/static/app.css", "/files/0123456789abcdef01234567"]:
        response = browser.get(path)
        assert response.status_code == 401, path
        assert "Nguy" not in response.get_data(as_text=True)
    response = browser.post("/children/nhung/missing", {"found_gone_at": "21:10"})
    assert response.status_code == 401
    assert b"2026-11-24 21:10" not in episodes_of(sample_home)


def test_a_wrong_token_is_refused(sample_home, make_browser, guard) -> None:
    browser = make_browser(sample_home)
    response = browser.get("/?token=" + "x" * len(guard.token))
    assert response.status_code == 401 and "Set-Cookie" not in response.headers


def test_a_wrong_cookie_is_refused(sample_home, make_browser, guard) -> None:
    browser = make_browser(sample_home)
    browser.client.set_cookie(guard.cookie_name, "forged", domain="127.0.0.1")
    assert browser.get("/").status_code == 401


def test_the_token_becomes_an_httponly_samesite_strict_cookie_and_leaves_the_address(sample_home, make_browser,
                                                                                      guard) -> None:
    browser = make_browser(sample_home)
    response = browser.get(f"/check?token={guard.token}")
    assert response.status_code == 303
    assert response.headers["Location"] == "/check"  # the token is not left in the address bar or history
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(f"{guard.cookie_name}={guard.session};")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and guard.token not in cookie
    assert browser.get("/check").status_code == 200


def test_each_start_has_its_own_token(sample_home) -> None:
    from mfc_docs.web.security import Guard

    first, second = Guard(port=1), Guard(port=1)
    assert first.token != second.token and first.session != second.session and first.csrf != second.csrf
    assert len(first.token) >= 32


# -- Host (DNS rebinding) -------------------------------------------------------------------------------------

@pytest.mark.parametrize("host", ["evil.example", f"evil.example:{PORT}", f"127.0.0.1:{PORT + 1}", "127.0.0.1",
                                  f"192.168.1.20:{PORT}", f"localhost.evil.example:{PORT}", ""])
def test_a_request_naming_another_host_is_refused_even_with_the_cookie(browser, host: str) -> None:
    response = browser.client.get("/", headers={"Host": host})
    assert response.status_code == 403
    assert "Nhung" not in response.get_data(as_text=True)


@pytest.mark.parametrize("host", [f"127.0.0.1:{PORT}", f"localhost:{PORT}", f"LOCALHOST:{PORT}"])
def test_loopback_names_with_the_port_are_allowed(sample_home, make_browser, guard, host: str) -> None:
    client = make_browser(sample_home).client  # a cookie belongs to one host name: sign in under this one
    assert client.get(f"/?token={guard.token}", headers={"Host": host}).status_code == 303
    assert client.get("/", headers={"Host": host}).status_code == 200


# -- Origin and CSRF on every change ---------------------------------------------------------------------------

def missing_form(browser) -> dict:
    return {"found_gone_at": "21:10", "recorded_by": "Sam Carter, shift lead",
            "base_sha": browser.form_value("/children/nhung/missing", "base_sha")}


@pytest.mark.parametrize("origin", ["http://evil.example", f"http://127.0.0.1:{PORT + 1}", "null",
                                    f"https://127.0.0.1:{PORT}", ""])
def test_a_cross_origin_post_is_refused_and_writes_nothing(browser, sample_home, origin: str) -> None:
    before = episodes_of(sample_home)
    response = browser.post("/children/nhung/missing", missing_form(browser), Origin=origin)
    assert response.status_code == 403
    assert episodes_of(sample_home) == before


def test_a_post_without_origin_is_refused(browser, sample_home) -> None:
    before = episodes_of(sample_home)
    response = browser.client.post("/children/nhung/missing", data={**missing_form(browser),
                                                                     "csrf_token": browser.guard.csrf},
                                   headers={"Host": HOST})
    assert response.status_code == 403 and episodes_of(sample_home) == before


def test_a_cross_site_fetch_is_refused(browser, sample_home) -> None:
    before = episodes_of(sample_home)
    response = browser.post("/children/nhung/missing", missing_form(browser), **{"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403 and episodes_of(sample_home) == before


@pytest.mark.parametrize("token", [None, "", "wrong-token"])
def test_a_post_without_the_right_csrf_token_is_refused(browser, sample_home, token) -> None:
    before = episodes_of(sample_home)
    form = missing_form(browser)
    if token is not None:
        form["csrf_token"] = token
    response = browser.post("/children/nhung/missing", form, csrf=False)
    assert response.status_code == 403 and episodes_of(sample_home) == before
    for path in ["/rebuild", "/dashboard", "/children/nhung/episode/log", "/children/nhung/return"]:
        assert browser.post(path, {}, csrf=False).status_code == 403, path


def test_the_same_post_with_origin_and_csrf_is_accepted(browser, sample_home) -> None:
    response = browser.post("/children/nhung/missing", missing_form(browser))
    assert response.status_code == 303
    assert b"found_gone_at: 2026-11-24 21:10" in episodes_of(sample_home)


def test_other_methods_are_refused(browser) -> None:
    for method in ("put", "delete", "patch"):
        response = getattr(browser.client, method)("/", headers={"Host": HOST, "Origin": ORIGIN})
        assert response.status_code == 405


# -- headers on every response ---------------------------------------------------------------------------------

def test_every_response_forbids_loading_from_elsewhere(browser, make_browser, sample_home) -> None:
    assert "http" not in CONTENT_SECURITY_POLICY and "*" not in CONTENT_SECURITY_POLICY
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY and "default-src 'none'" in CONTENT_SECURITY_POLICY
    responses = [browser.get(p) for p in ("/", "/check", "/static/app.css", "/nothing-here")]
    responses.append(make_browser(sample_home).get("/"))  # refused too
    responses.append(browser.client.get("/", headers={"Host": "evil.example"}))
    for response in responses:
        assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert response.headers["Cache-Control"] == "no-store"


def test_pages_load_nothing_from_the_internet(browser) -> None:
    import re

    for path in ("/", "/children/nhung/missing", "/check", "/documents", "/dashboard"):
        page = browser.get(path).get_data(as_text=True)
        assert not re.search(r'(src|href|action)="(https?:)?//', page), path


# -- files by their manifest entry only ------------------------------------------------------------------------

@pytest.fixture
def built(sample_home):
    from mfc_docs.pipeline import build

    build(sample_home, formats=("pdf",), jobs_count=1, today=__import__("datetime").date(2026, 11, 24))
    return sample_home


def test_a_document_is_served_by_its_key(browser, built) -> None:
    entries = catalogue(built / "output", ["nhung"])
    pack = next(e for e in entries if e.kind == "police_pack" and e.child == "nhung")
    response = browser.get(f"/files/{pack.key}")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert response.headers["Content-Type"] == "application/pdf"


def test_a_path_in_the_request_never_reaches_a_file(browser, built) -> None:
    for path in ["/files/../../home_config.yaml", "/files/..%2F..%2Fhome_config.yaml", "/files/home_config.yaml",
                 "/files/young_people%2Fnhung%2Fprofile.yaml", "/files/%2Fetc%2Fpasswd", "/files/manifest.json",
                 "/files/output/manifest.json", "/home_config.yaml", "/young_people/nhung/profile.yaml",
                 "/static/../../../home_config.yaml", "/static/..%2F..%2F..%2Fhome_config.yaml",
                 "/files/young_people/nhung/nhung-police-pack.pdf", "/output/manifest.json"]:
        response = browser.get(path)
        assert response.status_code == 404, path
        assert b"Larkspur House\n" not in response.data and b"episodes:" not in response.data, path


def test_a_manifest_entry_pointing_outside_the_output_folder_is_not_served(browser, built) -> None:
    manifest_path = built / "output" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["documents"].append({"path": "../home_config.yaml.pdf", "kind": "x", "format": "pdf", "title": "x"})
    manifest["documents"].append({"path": "/etc/passwd.pdf", "kind": "x", "format": "pdf", "title": "x"})
    (built / "home_config.yaml.pdf").write_bytes(b"%PDF secret")
    manifest_path.write_text(json.dumps(manifest))
    for relative in ("../home_config.yaml.pdf", "/etc/passwd.pdf"):
        assert browser.get(f"/files/{document_key(relative)}").status_code == 404


def test_a_document_changed_since_it_was_made_is_not_served(browser, built) -> None:
    pack = next(e for e in catalogue(built / "output", []) if e.kind == "police_pack" and e.child == "nhung")
    (built / "output" / pack.relative_path).write_bytes(b"%PDF something else")
    assert browser.get(f"/files/{pack.key}").status_code == 404


def test_the_photo_is_served_from_the_profile_without_metadata(browser, sample_home) -> None:
    from PIL import Image
    import io

    response = browser.get("/children/nhung/photo")
    assert response.status_code == 200
    image = Image.open(io.BytesIO(response.data))
    assert not image.getexif() and max(image.size) <= 400
    assert browser.get("/children/nobody/photo").status_code == 404
    assert browser.get("/children/..%2Fnhung/photo").status_code == 404


# -- what is written stays private -----------------------------------------------------------------------------

def test_what_the_page_writes_is_owner_only(browser, sample_home) -> None:
    assert browser.post("/children/stefan/missing", {"found_gone_at": "21:10", "recorded_by": "Sam"}).status_code == 303
    out = sample_home / "output"
    audit = out / "audit.log"
    assert stat.S_IMODE(audit.stat().st_mode) == 0o600
    assert stat.S_IMODE((sample_home / "young_people" / "stefan" / "episodes.yaml").stat().st_mode) == 0o600
    for path in out.rglob("*"):
        expected = 0o700 if path.is_dir() else 0o600
        assert stat.S_IMODE(path.stat().st_mode) == expected, path
    assert stat.S_IMODE(out.stat().st_mode) == 0o700


def test_an_existing_episodes_file_keeps_its_permissions(browser, sample_home) -> None:
    path = sample_home / "young_people" / "nhung" / "episodes.yaml"
    os.chmod(path, 0o640)
    assert browser.post("/children/nhung/missing", missing_form(browser)).status_code == 303
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
