"""Interrupts tell the truth: real SIGINT and SIGTERM sent to a real `python -m briefing export`.

Given an output folder holding an earlier export, when the export is stopped by two Ctrl-C a
few milliseconds apart, or by Ctrl-C then SIGTERM, at any moment, then:

- no hidden temporary (`.NAME.*.tmp`) and no process is left behind;
- stderr is one line and tells the truth: "interrupted; no file was changed" with every old
  file byte-identical, or "interrupted after the export was written: A, B, C, D" with every file
  new; no traceback, no "Exception ignored";
- the exit status is 130 (128 + SIGINT; 143 when SIGTERM came first).

The moments are both chosen (a driver process signals itself at the start of publishing, in
its clean-up, inside a finalizer, at exit) and random (a soak sends the signals from outside at
random times during a 40-section export). No test asserts on time: timeouts only guard a hang.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NAMES = {"pptx": "doc.pptx", "pdf": "doc.pdf", "handout": "doc-handout.pdf",
         "report": "doc-report.pdf"}

pytestmark = pytest.mark.skipif(not hasattr(os, "killpg") or not hasattr(os, "fork"),
                                reason="POSIX signals and process groups")


@pytest.fixture(scope="module")
def briefing_file(tmp_path_factory) -> Path:
    """A 40-section briefing: long enough to be caught in the middle of its export."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from generate import make_document
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    from briefing import save

    path = tmp_path_factory.mktemp("src") / "doc.yaml"
    save(make_document(40), path)
    return path


@pytest.fixture
def out(tmp_path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    for name in NAMES.values():
        (folder / name).write_bytes(f"old {name}".encode())
    return folder


def export_args(briefing_file: Path, out: Path) -> list[str]:
    args = ["export", str(briefing_file)]
    for kind, name in NAMES.items():
        args += [f"--{kind}", str(out / name)]
    return args


def check_the_truth(proc: subprocess.Popen, stdout: str, stderr: str, out: Path) -> str:
    """Whatever the moment: no temporary, no process, no noise, and a message that matches the
    files. Returns which outcome it was ("unchanged", "written" or "finished")."""
    assert sorted(p.name for p in out.iterdir()) == sorted(NAMES.values()), "temporaries left"
    with pytest.raises(ProcessLookupError):
        os.killpg(proc.pid, 0)  # nothing of the export's process group still runs
    assert "Traceback" not in stderr and "Exception ignored" not in stderr, stderr
    new = {name for name in NAMES.values()
           if (out / name).read_bytes() != f"old {name}".encode()}
    if proc.returncode in (0, -signal.SIGINT, -signal.SIGTERM) and stderr == "":
        # the signals came after the export had finished: none (0), or during the interpreter's
        # shutdown, after the command's handler was gone (killed by the signal, silently)
        assert stdout == "".join(f"wrote {out / name}\n" for name in NAMES.values()), stdout
        assert new == set(NAMES.values()), new
        return "finished"
    assert proc.returncode in (130, 143), (proc.returncode, stderr)
    assert stdout == "", stdout
    if new:
        written = ", ".join(str(out / name) for name in NAMES.values())
        assert new == set(NAMES.values()), f"only some files replaced: {new}"
        assert stderr == f"briefing: interrupted after the export was written: {written}\n"
        return "written"
    assert stderr == "briefing: interrupted; no file was changed\n", stderr
    return "unchanged"


def start(args: list[str], env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True,
                            env=dict(os.environ, **(env or {})))


def wait_for_a_temporary(proc: subprocess.Popen, out: Path) -> None:
    """Poll until the export has made its first temporary (it is then under way)."""
    while not any(p.name.endswith(".tmp") for p in out.iterdir()):
        assert proc.poll() is None, proc.stderr.read()
        time.sleep(0.001)


def stop_twice(proc: subprocess.Popen, second: int, gap: float = 0.005) -> None:
    """Ctrl-C as a terminal sends it (to the whole process group), then `second`."""
    try:
        os.killpg(proc.pid, signal.SIGINT)
        time.sleep(gap)
        os.killpg(proc.pid, second)
    except ProcessLookupError:
        pass  # already finished


# --- from outside, as a user would --------------------------------------------------------------

@pytest.mark.timeout(240)
@pytest.mark.parametrize("second", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_two_stops_5ms_apart_in_the_middle_of_an_export_change_nothing(briefing_file, out,
                                                                      second):
    proc = start([sys.executable, "-m", "briefing", *export_args(briefing_file, out)])
    wait_for_a_temporary(proc, out)
    stop_twice(proc, second)
    stdout, stderr = proc.communicate(timeout=120)
    assert check_the_truth(proc, stdout, stderr, out) == "unchanged"
    assert proc.returncode == 130


@pytest.mark.timeout(600)
def test_two_stops_at_random_moments_always_tell_the_truth(briefing_file, tmp_path):
    """A soak: 8 exports, each stopped at a random moment of its run from its first temporary
    on (possibly after its end), by Ctrl-C then Ctrl-C or SIGTERM, 0 to 10 ms apart. (Before
    the command has installed its handler, in Python's own start-up, nothing is written yet.)"""
    probe = tmp_path / "probe"
    probe.mkdir()
    began = time.monotonic()
    subprocess.run([sys.executable, "-m", "briefing", *export_args(briefing_file, probe)],
                   cwd=ROOT, check=True, capture_output=True, timeout=240)
    length = time.monotonic() - began  # only to spread the moments over a whole run
    rng = random.Random(12)
    outcomes = []
    for run in range(8):
        out = tmp_path / f"out{run}"
        out.mkdir()
        for name in NAMES.values():
            (out / name).write_bytes(f"old {name}".encode())
        proc = start([sys.executable, "-m", "briefing", *export_args(briefing_file, out)])
        wait_for_a_temporary(proc, out)
        time.sleep(rng.uniform(0, 1.5) * length)
        stop_twice(proc, rng.choice([signal.SIGINT, signal.SIGTERM]), rng.uniform(0, 0.01))
        stdout, stderr = proc.communicate(timeout=120)
        outcomes.append(check_the_truth(proc, stdout, stderr, out))
    print("outcomes:", outcomes)


# --- at chosen moments: a driver that signals itself ---------------------------------------------

DRIVER = textwrap.dedent("""
    import atexit, os, signal, sys
    import briefing.atomic as atomic
    import briefing.render.pdf.slides as pdf_slides
    from briefing.cli import main

    where, args = sys.argv[1], sys.argv[2:]
    parent = os.getpid()

    def stop(signum):
        if os.getpid() == parent:  # never in the forked child that writes the deck
            os.kill(parent, signum)

    real_commit, real_discard = atomic.AtomicGroup.commit, atomic.AtomicGroup.discard
    real_handout = pdf_slides.write_handout_pdf

    if where == "publishing":  # Ctrl-C as publishing starts, SIGTERM as it ends
        def commit(self):
            stop(signal.SIGINT)
            real_commit(self)
            stop(signal.SIGTERM)
        atomic.AtomicGroup.commit = commit
    if where in ("cleanup", "exit"):  # Ctrl-C while the handout is drawn
        def handout(*a, **kw):
            stop(signal.SIGINT)
            return real_handout(*a, **kw)
        pdf_slides.write_handout_pdf = handout
    if where == "cleanup":  # and a second one as the temporaries are removed
        def discard(self):
            stop(signal.SIGINT)
            real_discard(self)
        atomic.AtomicGroup.discard = discard
    if where == "exit":  # and two more while the interpreter shuts down
        atexit.register(lambda: (stop(signal.SIGINT), stop(signal.SIGTERM)))
    if where == "finalizer":  # Ctrl-C while an object is being finalized (__del__)
        class Finalized:
            def __del__(self):
                stop(signal.SIGINT)
                sum(range(1000))  # bytecode, so the handler runs in here
        def handout(*a, **kw):
            Finalized()
            return real_handout(*a, **kw)
        pdf_slides.write_handout_pdf = handout
    sys.exit(main(args))
""")


def run_driver(where: str, briefing_file: Path, out: Path) -> tuple[subprocess.Popen, str, str]:
    proc = start([sys.executable, "-c", DRIVER, where, *export_args(briefing_file, out)])
    stdout, stderr = proc.communicate(timeout=240)
    return proc, stdout, stderr


@pytest.mark.timeout(300)
def test_stops_while_publishing_wait_and_then_say_every_file_was_written(briefing_file, out):
    """Ctrl-C as the files are renamed into place, then SIGTERM after the last one: both wait
    until all are published, and the message names them (it must not say nothing changed)."""
    proc, stdout, stderr = run_driver("publishing", briefing_file, out)
    assert check_the_truth(proc, stdout, stderr, out) == "written"
    assert proc.returncode == 130


@pytest.mark.timeout(300)
def test_a_second_ctrl_c_during_the_clean_up_leaves_no_temporary(briefing_file, out):
    proc, stdout, stderr = run_driver("cleanup", briefing_file, out)
    assert check_the_truth(proc, stdout, stderr, out) == "unchanged"
    assert proc.returncode == 130


@pytest.mark.timeout(300)
def test_stops_during_the_shutdown_make_no_noise_and_keep_the_exit_status(briefing_file, out):
    proc, stdout, stderr = run_driver("exit", briefing_file, out)
    assert check_the_truth(proc, stdout, stderr, out) == "unchanged"
    assert proc.returncode == 130


@pytest.mark.timeout(300)
def test_a_ctrl_c_inside_a_finalizer_still_stops_the_export_without_noise(briefing_file, out):
    """Raised inside __del__, KeyboardInterrupt would be printed as "Exception ignored" and lost
    (the export would go on and replace every file); it stops the export at its next step."""
    proc, stdout, stderr = run_driver("finalizer", briefing_file, out)
    assert check_the_truth(proc, stdout, stderr, out) == "unchanged"
    assert proc.returncode == 130


@pytest.mark.timeout(120)
def test_sigterm_first_exits_143(tmp_path):
    from briefing.resources import example_path

    out = tmp_path / "out"
    out.mkdir()
    proc = start([sys.executable, "-m", "briefing", "export", str(example_path()), "--pdf",
                  str(out / "a.pdf")])
    wait_for_a_temporary(proc, out)
    os.killpg(proc.pid, signal.SIGTERM)
    stdout, stderr = proc.communicate(timeout=60)
    assert (proc.returncode, stdout, stderr) == (
        143, "", "briefing: interrupted; no file was changed\n")
    assert list(out.iterdir()) == []


# --- holding interrupts back ----------------------------------------------------------------------

@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="signal masks")
def test_a_ctrl_c_raised_as_interrupts_are_held_leaves_the_signal_mask_as_it_was(monkeypatch):
    """`signal.pthread_sigmask` is Python code around the system call: a Ctrl-C that arrived
    just before can be raised in it after the signals were blocked. They must not stay blocked
    (a process that caught that KeyboardInterrupt would never see Ctrl-C again)."""
    from briefing import interrupts

    mask = signal.pthread_sigmask(signal.SIG_BLOCK, ())
    real = signal.pthread_sigmask

    def interrupted_after_blocking(how, sigs):
        result = real(how, sigs)
        if how == signal.SIG_BLOCK and set(sigs) == set(interrupts.STOPS):
            raise KeyboardInterrupt
        return result

    monkeypatch.setattr(signal, "pthread_sigmask", interrupted_after_blocking)
    try:
        with pytest.raises(KeyboardInterrupt), interrupts.interrupts_held():
            pytest.fail("the body must not run")
        assert real(signal.SIG_BLOCK, ()) == mask
    finally:
        real(signal.SIG_SETMASK, mask)
