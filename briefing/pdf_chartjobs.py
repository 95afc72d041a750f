"""Chart drawings for the PDFs: the cache by content, and worker processes that draw ahead.

Kept apart from `briefing.chartfig` so that it needs no matplotlib: a process whose charts were
all drawn by workers never imports matplotlib itself (a second or so of a cold export), and a
deck without charts never does either. The drawings are ReportLab `Drawing`s, which cross
process boundaries as pickles.
"""

from __future__ import annotations

import hashlib
import os
import sys
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from . import model as m
from .themes import Theme, load_theme

#: below this many charts, worker processes cost more than they save (unless the caller has
#: other work to do meanwhile: see `charts_ahead`)
PARALLEL_MIN = 6
#: set to a number of worker processes (0: none) to override the choice in `_workers`
WORKERS_ENV = "BRIEFING_CHART_WORKERS"
CACHE_SIZE = 512  # a long deck's charts, for its slides PDF and handout

ChartRequest = tuple[m.Chart, Theme | None, float, float, str | None, float]

LOCK = threading.RLock()
CACHE: OrderedDict[str, object] = OrderedDict()
_PENDING: dict[str, object] = {}  # key -> Future of a drawing a worker process is making


def chart_key(chart: m.Chart, theme: Theme, width_pt: float, height_pt: float,
              extra: object) -> str:
    text = repr((chart, theme, round(width_pt, 3), round(height_pt, 3), extra))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def request_key(chart: m.Chart, theme: Theme | None, width_pt: float, height_pt: float,
                title: str | None, font_size: float) -> str:
    """The key of `chart_drawing(chart, theme, width_pt, height_pt, title, font_size)`."""
    return chart_key(chart, theme or load_theme(None), width_pt, height_pt, (title, font_size))


def cached(key: str):
    """The drawing for `key` if it is cached or a worker has it (waiting for a worker that is
    drawing it); None when this process must draw it."""
    with LOCK:
        drawing = CACHE.get(key)
        if drawing is not None:
            CACHE.move_to_end(key)
            return drawing
    if not _PENDING:
        return None
    drawing = _from_worker(key)
    if drawing is not None:
        store(key, drawing)
    return drawing


def store(key: str, drawing) -> None:
    with LOCK:
        CACHE[key] = drawing
        while len(CACHE) > CACHE_SIZE:
            CACHE.popitem(last=False)


@contextmanager
def charts_ahead(requests: Iterable[ChartRequest], min_count: int = PARALLEL_MIN
                 ) -> Iterator[None]:
    """While the body runs, worker processes draw these charts (`chart_drawing`'s arguments),
    last first, so a document's pages are written while its charts are drawn.

    `chart_drawing` takes a drawing from a worker when it is done, and draws a chart itself
    when no worker has started on it yet, so both processors stay busy. Best effort: where
    forking is not safe (see `_fork_safe`), for fewer than `min_count` charts, or when
    anything goes wrong, `chart_drawing` draws each chart as ever, raising its own errors.
    """
    pool = _start(requests, min_count)
    try:
        yield
    finally:
        if pool is not None:
            with LOCK:
                futures = list(_PENDING.values())
                _PENDING.clear()
            for future in futures:
                future.cancel()
            pool.shutdown(wait=True, cancel_futures=True)


def _draw(chart, theme, width_pt, height_pt, title, font_size):
    """In a worker: the drawing, by `briefing.chartfig` (matplotlib is imported there)."""
    from .chartfig import _draw as draw

    return draw(chart, theme, width_pt, height_pt, title, font_size)


def _warm() -> None:
    """In a worker, first thing: import matplotlib (the main process may never need to)."""
    from . import chartfig  # noqa: F401


def _todo(requests: Iterable[ChartRequest]) -> dict[str, tuple]:
    todo: dict[str, tuple] = {}
    for chart, theme, width, height, title, size in requests:
        theme = theme or load_theme(None)
        key = chart_key(chart, theme, width, height, (title, size))
        if key not in CACHE and key not in todo:
            todo[key] = (chart, theme, width, height, title, size)
    return todo


def _start(requests: Iterable[ChartRequest], min_count: int):
    """The pool, its jobs submitted; None where no worker is to be used."""
    if _PENDING:
        return None
    todo = _todo(requests)
    workers = _workers(len(todo), min_count)
    if not workers:
        return None
    pool = None
    try:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(max_workers=workers, initializer=_warm,
                                   mp_context=multiprocessing.get_context("fork"))
        # the workers start from the last chart, this process draws from the first as its
        # pages need them (see _from_worker): they meet somewhere in the middle
        for key, args in reversed(list(todo.items())[:CACHE_SIZE]):
            future = pool.submit(_draw, *args)
            with LOCK:
                _PENDING[key] = future
    except Exception:
        if pool is not None:
            with LOCK:
                _PENDING.clear()
            pool.shutdown(wait=False, cancel_futures=True)
        return None
    return pool


def _from_worker(key: str):
    """The drawing a worker made for `key`, or None: not asked for, not started (then this
    process draws it), or failed (then this process draws it again and raises the error)."""
    with LOCK:
        future = _PENDING.pop(key, None)
    if future is None or future.cancel():
        return None
    try:
        return future.result()
    except Exception:
        return None


def _workers(count: int, min_count: int = PARALLEL_MIN) -> int:
    """How many worker processes to draw `count` charts with (0: draw them one by one)."""
    import multiprocessing

    wanted = os.environ.get(WORKERS_ENV)
    if wanted is not None:
        try:
            limit = max(int(wanted), 0)
        except ValueError:
            limit = 0
    else:
        limit = 3
    if count < max(min_count, 1) or limit == 0:
        return 0
    if not _fork_safe() or "fork" not in multiprocessing.get_all_start_methods():
        return 0
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(0, min((cpus or 1) - 1, limit, count))


def _fork_safe() -> bool:
    """Forking a process with other threads can deadlock the child (a lock held by a thread
    that does not exist there): only from the main thread of a single-threaded process, and
    never in the desktop app (Qt runs threads Python does not see)."""
    return (threading.active_count() == 1
            and threading.current_thread() is threading.main_thread()
            and not any(name == "PySide6" or name.startswith("PySide6.") for name in sys.modules))
