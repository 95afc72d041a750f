"""The undo history's keys, decided once: the window's actions and the text fields (which must
let them through to the one history) both use these.

Qt's standard Redo is Ctrl+Shift+Z on Linux and Ctrl+Y on Windows; desk officers use both, and
the guide promises both, so Redo has both everywhere.
"""

from __future__ import annotations

from PySide6.QtGui import QKeyEvent, QKeySequence

CTRL_Y = QKeySequence("Ctrl+Y")


def undo_keys() -> list[QKeySequence]:
    return list(QKeySequence.keyBindings(QKeySequence.StandardKey.Undo))


def redo_keys() -> list[QKeySequence]:
    keys = list(QKeySequence.keyBindings(QKeySequence.StandardKey.Redo))
    return keys + ([CTRL_Y] if CTRL_Y not in keys else [])


def is_history_key(event: QKeyEvent) -> bool:
    """Undo or Redo, by any of their keys."""
    combo = QKeySequence(event.keyCombination())
    return any(combo.matches(k) == QKeySequence.SequenceMatch.ExactMatch
               for k in undo_keys() + redo_keys())
