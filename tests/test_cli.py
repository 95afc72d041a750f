"""The `briefing` command line: exit codes (0 valid, 1 invalid, 2 usage), help, version, and
the documents it prints being valid themselves."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_corpus import DATA, run_cli

from briefing import __version__
from briefing.cli import main
from briefing.format.reader import load_text
from briefing.resources import skeleton_names

INVALID = DATA / "invalid" / "date-not-a-date.yaml"


def usage_error(argv: list[str], capsys) -> str:
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert "usage: briefing" in err and "Traceback" not in err
    return err


# -- exit codes ---------------------------------------------------------------------------------
def test_a_valid_file_exits_0_and_says_ok(example_path, capsys):
    assert main(["validate", str(example_path)]) == 0
    out, err = capsys.readouterr()
    assert out == f"{example_path}: ok\n" and err == ""


def test_an_invalid_file_exits_1_with_located_errors_on_stderr(capsys):
    assert main(["validate", str(INVALID)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"{INVALID}:4:8: error: as_of: 2024-02-30 is not a real calendar date")
    assert err.endswith("1 error\n")


def test_several_files_are_all_checked_and_one_bad_one_makes_it_exit_1(example_path, capsys):
    bad = DATA / "invalid" / "negative-count.yaml"
    assert main(["validate", str(example_path), str(INVALID), str(bad)]) == 1
    out, err = capsys.readouterr()
    assert f"{example_path}: ok" in out
    assert str(INVALID) in err and str(bad) in err


@pytest.mark.parametrize("argv, says", [
    ([], "the following arguments are required: COMMAND"),
    (["validate"], "the following arguments are required: FILE"),
    (["frobnicate"], "invalid choice: 'frobnicate'"),
    (["validate", "--frob", "x.yaml"], "unrecognized arguments: --frob"),
    (["export"], "one of the arguments FILE --example is required"),
    (["export", "--example"], "say where to write"),
    (["export", "--example", "-o", "out", "--per-page", "5"], "invalid choice: 5"),
    (["export", "--example", "-o", "out", "--per-page", "six"], "invalid int value: 'six'"),
    (["export", "--example", "-o", "out", "--paper-size", "a3"], "invalid choice: 'a3'"),
    (["export", "--example", "--pptx", "d.pptx", "--report"], "--report without a PATH needs -o DIR"),
    (["new", "--template", "nope"], "unknown template 'nope'"),
])
def test_usage_errors_exit_2_with_the_usage_line(argv, says, capsys):
    assert says in usage_error(argv, capsys)


def test_usage_errors_write_no_file(tmp_path: Path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    usage_error(["export", "--example", "-o", "out", "--per-page", "5"], capsys)
    assert list(tmp_path.iterdir()) == []


# -- help and version ------------------------------------------------------------------------------
@pytest.mark.parametrize("command", [[], ["validate"], ["export"], ["example"], ["new"]])
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as caught:
        main([*command, "--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: briefing {' '.join(command)}".rstrip())
    assert len(out.splitlines()) > 3


def test_version_is_printed(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    assert capsys.readouterr().out == f"briefing {__version__}\n"


# -- documents printed by the CLI validate ----------------------------------------------------------
def test_example_prints_yaml_that_validates(capsys):
    assert main(["example"]) == 0
    doc = load_text(capsys.readouterr().out, "example")
    assert "Iran" in doc.title


@pytest.mark.parametrize("template", [None, *skeleton_names()])
def test_new_prints_a_skeleton_that_validates(template, capsys):
    argv = ["new"] if template is None else ["new", "--template", template]
    assert main(argv) == 0
    load_text(capsys.readouterr().out, f"new-{template}")


def test_the_situation_report_template_exists():
    assert "situation-report" in skeleton_names()


# -- audience ---------------------------------------------------------------------------------------
def test_an_undeclared_audience_is_refused_before_anything_is_written(tmp_path: Path, capsys):
    out_dir = tmp_path / "out"
    assert main(["export", "--example", "-o", str(out_dir), "--audience", "SECRET"]) == 1
    err = capsys.readouterr().err
    assert "--audience 'SECRET' is not a handling level of this document" in err
    assert "PUBLIC, PARTNERS, INTERNAL" in err
    assert not out_dir.exists()


def test_an_audience_on_a_document_without_levels_is_refused(tmp_path: Path, capsys):
    doc = tmp_path / "plain.yaml"
    assert main(["new"]) == 0
    doc.write_text(capsys.readouterr().out)
    assert main(["export", str(doc), "--pptx", str(tmp_path / "d.pptx"), "--audience", "PUBLIC"]) == 1
    assert "(its levels: none)" in capsys.readouterr().err
    assert not (tmp_path / "d.pptx").exists()


def test_a_missing_template_is_refused_before_anything_is_written(tmp_path: Path, capsys):
    assert main(["export", "--example", "-o", str(tmp_path / "o"), "--template", "nope.pptx"]) == 1
    assert "template not found" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_export_of_an_invalid_file_writes_nothing(tmp_path: Path, capsys):
    target = tmp_path / "deck.pptx"
    assert main(["export", str(INVALID), "--pptx", str(target)]) == 1
    assert "not a real calendar date" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


# -- the real console entry point ------------------------------------------------------------------
def test_python_m_briefing_runs_and_keeps_the_exit_codes(example_path):
    assert run_cli(["--version"]).stdout == f"briefing {__version__}\n"
    assert run_cli(["validate", str(example_path)]).returncode == 0
    bad = run_cli(["validate", str(INVALID)])
    assert bad.returncode == 1 and "Traceback" not in bad.stderr and ":4:8: error: as_of:" in bad.stderr
    usage = run_cli(["export", "--example", "-o", "x", "--per-page", "5"])
    assert usage.returncode == 2 and "usage:" in usage.stderr
