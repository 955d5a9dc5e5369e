"""`outcomes publish`: strict, complete, recorded with an annotated tag, or nothing at all."""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from pipeline.history import History
from tests.helpers import EXAMPLE_DRAFT, edit, git, run, state

DRAFT = EXAMPLE_DRAFT
FILES = [
    "published/catalog.json",
    "published/commit-som11/commit-som11.json",
    "published/commit-som11/commit-som11.pdf",
    "published/commit-som11/fragment.html",
    "published/commit-som11/index.html",
    "published/commit-som11/v1/commit-som11.json",
    "published/commit-som11/v1/commit-som11.pdf",
    "published/commit-som11/v1/fragment.html",
    "published/commit-som11/v1/index.html",
    "published/feed.xml",
    "published/index.html",
]
JSON, PDF, PAGE = FILES[1], FILES[2], FILES[4]


def publish(project: Path, *flags: str) -> tuple[int, str, str]:
    return run(project, "publish", *flags, str(project / DRAFT))


def test_publishing_records_every_file_in_one_commit_with_an_annotated_tag(project: Path) -> None:
    status, out, err = publish(project, "--json")
    assert status == 0, err
    report = json.loads(out)
    assert (report["version"], report["tag"], report["recorded"]) == (
        1,
        "commit-som11/published-1",
        True,
    )
    assert report["paths"] == FILES
    assert git(project, "cat-file", "-t", "commit-som11/published-1") == "tag"
    committed = git(project, "show", "--name-only", "--format=", "HEAD").splitlines()
    assert committed == sorted([DRAFT, *FILES])
    assert all((project / path).is_file() for path in FILES)


def test_unagreed_text_is_refused_naming_each_place_and_nothing_is_written(
    project: Path,
) -> None:
    edit(
        project,
        "the common **ASEAN-COMMIT indicators**",
        "the [common] **ASEAN-COMMIT indicators**",
    )
    edit(project, "in national contexts.\n      - id", "in [national] contexts.\n      - id")
    before = state(project)
    status, _, err = publish(project)
    assert status == 1
    assert "[common] is in square brackets" in err and "[national] is in square brackets" in err
    assert "sections[0].paragraphs[0].text" in err and "sections[2].paragraphs[0].text" in err
    assert state(project)[3] == before[3] and not (project / ".git").exists()


def test_a_place_left_to_fill_in_any_field_is_refused(project: Path) -> None:
    """`outcomes new` marks the places to fill in with [brackets], plain fields too."""
    edit(project, "city: Vientiane", 'city: "[City]"')
    status, _, err = publish(project)
    assert status == 1 and "[City] is in square brackets" in err and "meeting.venue.city" in err


def test_a_draft_without_its_adoption_date_is_refused(project: Path) -> None:
    edit(project, "adopted: 2016-11-24\n", "")
    status, _, err = publish(project)
    assert status == 1 and "needs 'adopted:'" in err
    assert not (project / "published").exists()


def test_publishing_an_unchanged_draft_again_records_nothing(project: Path) -> None:
    publish(project)
    before = state(project)
    status, out, _ = publish(project)
    assert status == 1 and "nothing changed since published version 1" in out
    assert state(project) == before


def test_a_changed_draft_becomes_version_2_and_version_1_stays(project: Path) -> None:
    publish(project)
    first_pdf = (project / PDF).read_bytes()
    edit(project, "the various", "the many")
    status, out, _ = publish(project)
    assert status == 0 and "recorded published version 2" in out
    history = History(project)
    assert history.file_at("commit-som11/published-1", PDF) == first_pdf
    data = json.loads((project / JSON).read_text())
    assert [v["version"] for v in data["versions"]] == [1, 2]
    feed = (project / "published/feed.xml").read_text()
    assert feed.count("<entry") == 2
    assert "commit-som11/published-1" in feed and "commit-som11/published-2" in feed


@pytest.mark.parametrize("step", ["_commit", "_write_out"])
def test_a_failure_while_recording_changes_nothing_and_says_so(
    project: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    publish(project)
    edit(project, "the various", "the many")
    before = state(project)

    def disk_full(*args: object, **kwargs: object) -> str:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(History, step, disk_full)
    status, _, err = publish(project)
    assert status == 1 and "internal error" not in err
    assert "could not be recorded (No space left on device)" in err
    assert state(project) == before


def test_local_files_named_in_a_draft_are_never_fetched(project: Path) -> None:
    edit(
        project,
        "important agreements reached.",
        "important agreements reached ![secret](file:///etc/passwd) [x](file:///etc/hostname).",
    )
    status, _, err = publish(project)
    assert status == 0
    assert "the link to 'file:///etc/passwd' will be left out" in err
    reader = PdfReader(project / PDF)
    assert list(reader.attachments) == ["commit-som11.yaml"]
    page = (project / PAGE).read_text()
    assert "file:///etc" not in page.replace("![secret](file:///etc/passwd)", "")
    assert 'href="file:' not in page and "<img" not in page


def test_the_feed_holds_recorded_outcomes_only(project: Path) -> None:
    """A file put into published/ by hand is not in git, so it never reaches the feed."""
    publish(project)
    stray = project / "published/zz-stray/zz-stray.json"
    stray.parent.mkdir(parents=True)
    stray.write_bytes((project / FILES[0]).read_bytes().replace(b"commit-som11", b"zz-stray"))
    edit(project, "the various", "the many")
    assert publish(project)[0] == 0
    feed = git(project, "show", "HEAD:published/feed.xml")
    assert "commit-som11/published-2" in feed and "zz-stray" not in feed
    assert "zz-stray" not in git(project, "show", "HEAD:published/index.html")


def test_publishing_without_the_projects_own_settings_says_what_to_set(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.outcomes]\nauthor = "A <a@example.org>"\n')
    before = state(project)
    status, _, err = publish(project)
    assert status == 1
    assert "publishing needs the project's own organisation and site_url" in err
    assert (
        "[tool.outcomes]\n"
        'organisation = "Name of the organisation"  '
        "# printed on the documents; author of the feed\n"
        'site_url = "https://<public address>/"  # where published/ is served, ending with /'
    ) in err
    assert "COMMIT" not in err and "UN-ACT" not in err
    assert state(project) == before


def test_publishing_names_only_the_setting_left_unset(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.outcomes]\norganisation = "UN-ACT"\n')
    status, _, err = publish(project)
    assert status == 1
    assert "publishing needs the project's own site_url, as a published version keeps it" in err
    assert "organisation =" not in err


def test_every_version_keeps_its_permanent_address(project: Path) -> None:
    """A link a delegation sent to version 1 shows version 1, after version 2 is published."""
    assert publish(project)[0] == 0
    first = {p: (project / p).read_bytes() for p in FILES if "/v1/" in p}
    edit(project, "the various", "the many")
    assert publish(project)[0] == 0
    assert {p: (project / p).read_bytes() for p in first} == first  # never rewritten
    assert "the many" in (project / "published/commit-som11/v2/index.html").read_text()
    assert "the many" in (project / PAGE).read_text()  # the latest at the outcome's address
    latest = (project / PAGE).read_text()
    assert 'href="../commit-som11/v1/index.html">version 1</a>' in latest
    assert '<span aria-current="page">version 2</span>' in latest
    second = (project / "published/commit-som11/v2/index.html").read_text()
    assert 'href="../../commit-som11/index.html">the latest version</a>' in second
    assert 'href="../../commit-som11/v2/commit-som11.pdf"' in second  # its own PDF
    feed = (project / "published/feed.xml").read_text()
    assert 'href="https://un-act.org/commit/outcomes/commit-som11/v1/index.html"' in feed
    assert 'href="https://un-act.org/commit/outcomes/commit-som11/v2/index.html"' in feed


def test_the_catalog_lists_every_version_and_file_with_its_sha256(project: Path) -> None:
    assert publish(project)[0] == 0
    edit(project, "the various", "the many")
    assert publish(project)[0] == 0
    catalog = json.loads((project / "published/catalog.json").read_text())
    [outcome] = catalog["outcomes"]
    assert (
        outcome["id"] == "commit-som11" and outcome["latest"]["html"] == "commit-som11/index.html"
    )
    assert [v["version"] for v in outcome["versions"]] == [1, 2]
    for version in outcome["versions"]:
        assert version["language"] == "en"
        assert {f["kind"] for f in version["files"]} == {"html", "fragment", "json", "pdf"}
        for file in version["files"]:
            data = (project / "published" / file["path"]).read_bytes()
            assert file["path"].startswith(f"commit-som11/v{version['version']}/")
            assert hashlib.sha256(data).hexdigest() == file["sha256"]


def test_a_web_team_can_check_out_published_alone(project: Path, tmp_path: Path) -> None:
    """What the README tells the web team: a sparse clone of published/ and nothing else."""
    assert publish(project)[0] == 0
    web = tmp_path / "web"
    subprocess.run(
        ["git", "clone", "-q", "--no-checkout", "--filter=blob:none", str(project), str(web)],
        check=True,
    )
    subprocess.run(["git", "-C", str(web), "sparse-checkout", "set", "published"], check=True)
    subprocess.run(["git", "-C", str(web), "checkout", "-q", "main"], check=True)
    assert (web / "published/commit-som11/v1/index.html").is_file()
    assert not (web / "drafts").exists()
