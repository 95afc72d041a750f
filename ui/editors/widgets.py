"""Small widgets shared by the editors.

Text fields here leave Undo/Redo to the application's undo stack: their own undo is switched
off and they let Ctrl+Z / Ctrl+Shift+Z through to the window's actions, so there is exactly one
history, and a burst of typing in one field is one undo step (see `typing_session`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, QDateTime, QEvent, Qt, QTime, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QWidget,
)

from briefing.model import document as m

from ..keys import is_history_key

_session = [0]
_connected = [False]


def typing_session() -> int:
    """A number that changes whenever keyboard focus moves; part of each typing command's
    merge key, so typing in a field, leaving it and coming back makes two undo steps."""
    app = QApplication.instance()
    if app is not None and not _connected[0]:
        app.focusChanged.connect(lambda *_: _session.__setitem__(0, _session[0] + 1))
        _connected[0] = True
    return _session[0]


def _is_undo_key(event: QKeyEvent) -> bool:
    return is_history_key(event)


class _AppUndoKeys:
    """Mixed in before a Qt text widget: Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y go to the window's Undo and
    Redo actions (the one history), not to the widget's own undo."""

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ShortcutOverride and _is_undo_key(e):  # type: ignore[arg-type]
            e.ignore()
            return False
        return super().event(e)  # type: ignore[misc]

    def keyPressEvent(self, e: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        if _is_undo_key(e):
            e.ignore()
            return
        super().keyPressEvent(e)  # type: ignore[misc]


class LineEdit(_AppUndoKeys, QLineEdit):
    def set_text_quietly(self, text: str) -> None:
        if self.text() != text:
            self.blockSignals(True)
            self.setText(text)
            self.blockSignals(False)
            if not self.hasFocus():
                self.setCursorPosition(0)  # show the start of a long value, not its end


class PlainTextEdit(_AppUndoKeys, QPlainTextEdit):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setUndoRedoEnabled(False)
        self.setTabChangesFocus(True)  # Tab moves on; the keyboard can always leave the field

    def set_text_quietly(self, text: str) -> None:
        if self.toPlainText() == text:
            return
        cursor = self.textCursor()
        pos = cursor.position()
        self.blockSignals(True)
        self.setPlainText(text)
        self.blockSignals(False)
        cursor = self.textCursor()
        cursor.setPosition(min(pos, len(text)))
        self.setTextCursor(cursor)


def optional(text: str) -> str | None:
    """Empty optional fields are left out of the file, not written as ''."""
    text = text.strip()
    return text or None


def set_combo_quietly(combo: QComboBox, data: object) -> None:
    i = combo.findData(data)
    if i >= 0 and combo.currentIndex() != i:
        combo.blockSignals(True)
        combo.setCurrentIndex(i)
        combo.blockSignals(False)


# -- dates ----------------------------------------------------------------------------------------

def to_qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


def date_text(value: m.DateLike | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def parse_date(text: str) -> m.DateLike:
    """'2024-01-16' -> date, '2024-01-16 14:30' -> datetime; ValueError with a hint otherwise."""
    text = text.strip()
    try:
        if "T" in text or " " in text:
            return dt.datetime.fromisoformat(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date: type YYYY-MM-DD, or YYYY-MM-DD HH:MM") from None


class DateField(QWidget):
    """A date with an optional time (as_of, quote dates); `optional` adds a 'none' check box."""

    changed = Signal(object)  # date | datetime | None

    def __init__(self, optional: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.enabled_box = QCheckBox("Dated") if optional else None
        self.edit = QDateTimeEdit()
        self.edit.setCalendarPopup(True)
        self.time_box = QCheckBox("Time")
        self.time_box.setToolTip("Give a time of day as well as the date")
        if self.enabled_box is not None:
            layout.addWidget(self.enabled_box)
            self.enabled_box.toggled.connect(self._emit)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.time_box)
        self.edit.dateTimeChanged.connect(self._emit)
        self.time_box.toggled.connect(self._time_toggled)
        self._loading = False
        self.set_value(None if optional else dt.date.today())

    def setAccessibleName(self, name: str) -> None:  # noqa: N802 - Qt naming
        super().setAccessibleName(name)
        self.edit.setAccessibleName(name)

    def _time_toggled(self, on: bool) -> None:
        self.edit.setDisplayFormat("yyyy-MM-dd HH:mm" if on else "yyyy-MM-dd")
        self._emit()

    def value(self) -> m.DateLike | None:
        if self.enabled_box is not None and not self.enabled_box.isChecked():
            return None
        qdt = self.edit.dateTime()
        day = from_qdate(qdt.date())
        if self.time_box.isChecked():
            t = qdt.time()
            return dt.datetime(day.year, day.month, day.day, t.hour(), t.minute())
        return day

    def set_value(self, value: m.DateLike | None) -> None:
        self._loading = True
        try:
            if self.enabled_box is not None:
                self.enabled_box.setChecked(value is not None)
            self.edit.setEnabled(value is not None or self.enabled_box is None)
            self.time_box.setEnabled(value is not None or self.enabled_box is None)
            has_time = isinstance(value, dt.datetime)
            self.time_box.setChecked(has_time)
            self.edit.setDisplayFormat("yyyy-MM-dd HH:mm" if has_time else "yyyy-MM-dd")
            if value is None:  # what checking "Dated" starts from
                self.edit.setDateTime(QDateTime(to_qdate(dt.date.today()), QTime(0, 0)))
            else:
                day = value.date() if isinstance(value, dt.datetime) else value
                t = QTime(value.hour, value.minute) if isinstance(value, dt.datetime) else QTime(0, 0)
                self.edit.setDateTime(QDateTime(to_qdate(day), t))
        finally:
            self._loading = False

    def _emit(self, *_: object) -> None:
        if self.enabled_box is not None:
            on = self.enabled_box.isChecked()
            self.edit.setEnabled(on)
            self.time_box.setEnabled(on)
        if not self._loading:
            self.changed.emit(self.value())


class DateEdit(QDateEdit):
    """Date editor for table cells."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")


# -- sources ----------------------------------------------------------------------------------

class SourcesPicker(QListWidget):
    """Check the document's sources a section (or item) cites."""

    changed = Signal(list)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setMaximumHeight(110)
        self.itemChanged.connect(self._item_changed)
        self._loading = False
        self._unknown: list[str] = []

    def load(self, sources: list[m.Source], selected: list[str]) -> None:
        self._loading = True
        self.clear()
        for source in sources:
            item = QListWidgetItem(f"{source.id} — {source.title}")
            item.setData(Qt.ItemDataRole.UserRole, source.id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable
                          | Qt.ItemFlag.ItemIsSelectable)
            item.setCheckState(Qt.CheckState.Checked if source.id in selected
                               else Qt.CheckState.Unchecked)
            item.setToolTip(source.title)
            self.addItem(item)
        known = {s.id for s in sources}
        self._unknown = [s for s in selected if s not in known]
        self._loading = False

    def shows(self, sources: list[m.Source], selected: list[str]) -> bool:
        """True if the list already shows these sources (ids and titles) with these ticks;
        a renamed source or a retitled one makes it stale."""
        labels = [f"{s.id} — {s.title}" for s in sources]
        return (self.selected() == selected
                and [self.item(i).text() for i in range(self.count())] == labels)

    def selected(self) -> list[str]:
        ids = [self.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.count())
               if self.item(i).checkState() == Qt.CheckState.Checked]
        return ids + self._unknown

    def _item_changed(self, _item: QListWidgetItem) -> None:
        if not self._loading:
            self.changed.emit(self.selected())


def watch_text(widget: LineEdit | PlainTextEdit, on_text: Callable[[str], None]) -> None:
    """Call `on_text` with the new text after each user edit (not after programmatic loads)."""
    if isinstance(widget, QLineEdit):
        widget.textEdited.connect(on_text)
    else:
        widget.textChanged.connect(lambda: on_text(widget.toPlainText()))


# -- handling markings --------------------------------------------------------------------------

class MarkingCombo(QComboBox):
    """Choose a handling level, or none (inherit); `chosen` fires only on the user's choice.

    A level the document no longer declares stays visible as "(not declared)" so the user sees
    why the briefing has a problem, and can clear it.
    """

    chosen = Signal(object)  # str | None

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.activated.connect(lambda _i: self.chosen.emit(self.currentData()))

    def load(self, levels: list[str], current: str | None, inherit_text: str) -> None:
        self.blockSignals(True)
        self.clear()
        self.addItem(inherit_text, None)
        for level in levels:
            self.addItem(level, level)
        if current and current not in levels:
            self.addItem(f"{current} (not declared)", current)
        self.setCurrentIndex(max(0, self.findData(current)) if current else 0)
        self.setEnabled(bool(levels) or current is not None)
        self.blockSignals(False)


class SelectedMarking:
    """The labelled marking combo under a list or table that marks its selected row (Alt+G):
    judgments, timeline events and table rows share it.

    Label and combo hide while the document uses no markings; with no row selected the combo
    is disabled and says so. `chosen` fires with the level the user picked.
    """

    def __init__(self, label: str, accessible: str, tip: str,
                 chosen: Callable[[str | None], None]):
        self.combo = MarkingCombo()
        self.combo.setAccessibleName(accessible)
        self.combo.setToolTip(tip)
        self.combo.chosen.connect(chosen)
        self.label = QLabel(label)
        self.label.setBuddy(self.combo)
        self.layout = QHBoxLayout()
        self.layout.addWidget(self.label)
        self.layout.addWidget(self.combo)
        self.layout.addStretch(1)

    def follow(self, view, refresh: Callable[..., None], *signals) -> None:
        """Call `refresh` when `view`'s current row changes or any of `signals` fires, and
        start on the first row, so the combo shows the selected row's level."""
        view.selectionModel().currentChanged.connect(refresh)
        for signal in signals:
            signal.connect(refresh)
        model = view.model()
        if model.rowCount():
            view.setCurrentIndex(model.index(0, 0))

    def show_part(self, doc: m.Document, section: m.Section, part: object | None, used: bool,
                  none_selected: str) -> None:
        """Show `part`'s own level (None: nothing selected, `none_selected` in the combo)."""
        self.combo.setVisible(used)
        self.label.setVisible(used)
        if part is None:
            self.combo.load([], None, none_selected)
            self.combo.setEnabled(False)
            return
        self.combo.load(doc.markings, part.marking, inherit_label(doc, section))  # type: ignore[attr-defined]


def inherit_label(doc: m.Document, section: m.Section | None) -> str:
    """What an unmarked part gets: "(as the section: PUBLIC)" / "(none: the lowest, PUBLIC)"."""
    if not doc.markings:
        return "(none: the document declares no markings)"
    if section is None:
        return f"(none: the lowest, {doc.markings[0]})"
    level = section.marking or doc.markings[0]
    return f"(as the section: {level})"
