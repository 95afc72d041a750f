"""How a long step says how far it has got: `Progress(what, fraction done)`.

The exporters call it once a page (a slide, a handout sheet, a page of the paper); `run_export`
turns the steps of one export into one fraction for a progress bar. Callers that do not show
progress (the CLI) pass nothing.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str, float], None]


def pages_done(progress: Progress | None, done: int, total: int, unit: str = "slide") -> None:
    """Report `done` of `total` pages ("slide 12 of 1,720")."""
    if progress is not None and total > 0:
        progress(f"{unit} {done:,} of {total:,}", min(done / total, 1.0))


class Steps:
    """One export's progress as one fraction: each step (the layout, each output) an equal part,
    filled by what it reports; never going back, and the text says which step it is."""

    def __init__(self, report: Progress, steps: int) -> None:
        self.report, self.steps = report, max(steps, 1)
        self.last = 0.0

    def step(self, index: int, name: str) -> Progress:
        """The progress of step `index` (0-based), called `name`, from its own fraction."""

        def progress(detail: str, fraction: float) -> None:
            overall = (index + min(max(fraction, 0.0), 1.0)) / self.steps
            self.last = max(self.last, min(overall, 1.0))
            self.report(f"{name}: {detail}" if detail else name, self.last)

        return progress
