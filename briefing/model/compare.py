"""What changed between two editions of a briefing: a comparison of models, not of files.

A briefing is structured data, so the comparison can say "the Killed figure went from at least 9
to 11" rather than "line 142 changed". Pure formatting (whitespace, key order, 9 written as 9.0)
never shows, because both editions are compared after reading. Only the sections a deck shows
(`include: true`) are compared.

Sections are matched by id first (the reader gives a section without one the slug of its title,
and the writer keeps it, so later editions match exactly), then by kind and title; a matched
section whose title differs is *retitled*, one whose place among the matched ones changed is
*moved* (everything outside a longest run kept in order).

The comparison knows nothing of audiences: filter both editions with
`briefing.model.markings.filter_for_audience` first, and a change inside a part the audience may
not see cannot appear, not even as a count.
"""

from __future__ import annotations

import difflib
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from briefing.model import document as m
from briefing.model.groups import included_groups

# The kinds of change, in the order a reader wants them within a section.
SECTION_ADDED = "section-added"
SECTION_REMOVED = "section-removed"
SECTION_RETITLED = "section-retitled"
SECTION_MOVED = "section-moved"
KIND_CHANGED = "kind-changed"
MARKING_CHANGED = "marking-changed"
TEXT_CHANGED = "text-changed"
VALUE_CHANGED = "value-changed"
CATEGORY_ADDED = "category-added"
CATEGORY_REMOVED = "category-removed"
SERIES_ADDED = "series-added"
SERIES_REMOVED = "series-removed"
JUDGMENT_ADDED = "judgment-added"
JUDGMENT_REMOVED = "judgment-removed"
CONFIDENCE_CHANGED = "confidence-changed"
EVENT_ADDED = "event-added"
EVENT_REMOVED = "event-removed"
ROW_ADDED = "row-added"
ROW_REMOVED = "row-removed"
FIGURE_ADDED = "figure-added"
FIGURE_REMOVED = "figure-removed"
PLACE_ADDED = "place-added"
PLACE_REMOVED = "place-removed"
PLACE_MOVED = "place-moved"
SOURCE_ADDED = "source-added"
SOURCE_REMOVED = "source-removed"
SOURCE_REGRADED = "source-regraded"
SOURCE_RETITLED = "source-retitled"
AS_OF_CHANGED = "as-of-changed"
CLASSIFICATION_CHANGED = "classification-changed"
TITLE_CHANGED = "title-changed"
PARTS_CHANGED = "parts-changed"

KINDS: tuple[str, ...] = (
    AS_OF_CHANGED, CLASSIFICATION_CHANGED, TITLE_CHANGED,
    SECTION_ADDED, SECTION_REMOVED, SECTION_RETITLED, SECTION_MOVED, KIND_CHANGED,
    MARKING_CHANGED, TEXT_CHANGED, VALUE_CHANGED, CATEGORY_ADDED, CATEGORY_REMOVED,
    SERIES_ADDED, SERIES_REMOVED, JUDGMENT_ADDED, JUDGMENT_REMOVED, CONFIDENCE_CHANGED,
    EVENT_ADDED, EVENT_REMOVED, ROW_ADDED, ROW_REMOVED, FIGURE_ADDED, FIGURE_REMOVED,
    PLACE_ADDED, PLACE_REMOVED, PLACE_MOVED,
    SOURCE_ADDED, SOURCE_REMOVED, SOURCE_REGRADED, SOURCE_RETITLED, PARTS_CHANGED,
)

JUDGMENT_PAIRING = 0.6
"""Two judgments this similar (difflib ratio of their words) are one judgment reworded."""

WORD_BUDGET = 1_000_000
"""difflib's word matching takes time in the product of the two lengths: beyond this product
(of the stretch between the common beginning and end) a text change is told as one replaced
stretch, so a pair of huge, wholly different texts cannot stall a diff or an export."""

TOTAL_WORD_BUDGET = 20_000_000
"""The same for a whole comparison (about half a second of difflib here): once spent, the
remaining text changes are told as replaced stretches, and no judgment is paired by likeness."""

PAIRING_BUDGET = 2_500
"""Beyond this many (removed x added) judgments of one section, none is taken for another
reworded: they are listed as removed and added."""


@dataclass
class Budget:
    """What is left of a comparison's word-matching work (see TOTAL_WORD_BUDGET)."""

    left: int = TOTAL_WORD_BUDGET

    def spend(self, cost: int) -> bool:
        """True (and spent) when a match of this cost may still be done in full."""
        if cost > WORD_BUDGET or cost > self.left:
            return False
        self.left -= cost
        return True


@dataclass(frozen=True)
class Change:
    """One change, old -> new, with where it is.

    `field` says what inside the section changed ("text", "notes", "value Killed / Iran",
    "judgment 2"...); `old`/`new` are short display texts (None where there is none: the old
    side of an addition); `removed`/`added` are the changed words of a text change.
    """

    kind: str
    section: str | None = None          # the section's id (new edition's; old's when removed)
    section_title: str | None = None    # its title in the new edition (old's when removed)
    field: str = ""
    old: str | None = None
    new: str | None = None
    removed: tuple[str, ...] = ()
    added: tuple[str, ...] = ()
    point: tuple[str, str] | None = None
    """For a changed chart value: its (category, series name), where the outputs mark it."""
    marking: str | None = None
    """The highest level of what the change tells (its section, its item, old and new):
    the change slide is marked by the changes it lists, not by everything either edition
    holds. None in a document without `markings`."""


SPEAKER_ONLY = frozenset({"notes"})
"""Fields only the speaker sees: a change in them is not shown to the room, neither on the
change slide nor as an "updated" tag."""

NEW = "new"
UPDATED = "updated"


@dataclass(frozen=True)
class EditionMarks:
    """What the outputs mark of a comparison, beside the change slide: a "new" or "updated"
    tag per section (by the new edition's id) and each changed chart value's old reading
    (section id -> (category, series) -> 'at least 9'). Made from a comparison of editions
    filtered for the audience, so it marks nothing the audience may not see."""

    since: m.DateLike
    sections: dict[str, str] = field(default_factory=dict)
    was: dict[str, dict[tuple[str, str], str]] = field(default_factory=dict)
    lines: dict[str, tuple[str | None, ...]] = field(default_factory=dict)
    """The change section's id -> the level of each of its lines (markup blocks), so each
    slide and page of it is marked with what it shows (`briefing.diff.slide.with_changes`)."""

    def status(self, section_id: str | None) -> str | None:
        return self.sections.get(section_id) if section_id else None

    def line_levels(self, section_id: str | None, count: int, level: str | None
                    ) -> list[str | None]:
        """The level of each of a text section's `count` lines (markup blocks): the change
        list's own, else every line at the section's `level`. One rule for every output."""
        own = self.lines.get(section_id) if section_id else None
        return list(own) if own is not None and len(own) == count else [level] * count


def edition_marks(result: Comparison) -> EditionMarks:
    """The tags and "was" readings of `result` (see `EditionMarks`): a section added is new;
    one with a change the room sees (not only moved, not only its speaker notes) is updated."""
    marks = EditionMarks(result.old_as_of)
    for change in result.changes:
        if change.section is None or change.kind in (SECTION_REMOVED, SECTION_MOVED):
            continue
        if change.kind == SECTION_ADDED:
            marks.sections[change.section] = NEW
            continue
        if change.field in SPEAKER_ONLY:
            continue
        marks.sections.setdefault(change.section, UPDATED)
        if change.kind == VALUE_CHANGED and change.point is not None and change.old is not None:
            marks.was.setdefault(change.section, {})[change.point] = change.old
    return marks


@dataclass
class Comparison:
    """Every change between two editions, document first, then sections in the new edition's
    order (removed sections where they stood), then sources."""

    old_title: str
    new_title: str
    old_as_of: m.DateLike
    new_as_of: m.DateLike
    changes: list[Change] = field(default_factory=list)
    nothing_matched: bool = False
    """True when the editions share no section and no source: probably two different briefings."""

    @property
    def changed(self) -> bool:
        return bool(self.changes)


Top = Callable[..., "str | None"]
"""The highest of some levels (None and undeclared levels count lowest)."""


def _top_of(old: m.Document, new: m.Document) -> Top:
    order = {level: k for k, level in enumerate([*old.markings, *[
        x for x in new.markings if x not in old.markings]])}
    lowest = _lowest(new) or _lowest(old)

    def top(*levels: str | None) -> str | None:
        known = [x for x in levels if x in order]
        return max(known, key=order.__getitem__) if known else lowest
    return top


def compare(old: m.Document, new: m.Document) -> Comparison:
    """The changes from `old` to `new` (both already filtered for the audience, if any)."""
    result = Comparison(old.title, new.title, old.as_of, new.as_of)
    out = result.changes
    top = _top_of(old, new)
    if old.as_of != new.as_of:
        out.append(Change(AS_OF_CHANGED, field="as of", old=m.format_date(old.as_of),
                          new=m.format_date(new.as_of), marking=top()))
    if old.classification != new.classification:
        out.append(Change(CLASSIFICATION_CHANGED, field="classification",
                          old=old.classification, new=new.classification, marking=top()))
    if old.title != new.title:
        out.append(Change(TITLE_CHANGED, field="title", old=old.title, new=new.title,
                          marking=top()))
    out.extend(_part_changes(old, new, top))

    old_sections, new_sections = old.included_sections, new.included_sections
    pairs = match_sections(old_sections, new_sections)
    moved = _moved(pairs, old_sections, new_sections)
    budget = Budget()
    old_level = _lowest(old)
    new_level = _lowest(new)
    matched_old = {id(o) for o, _n in pairs}
    pair_of_new = {id(n): o for o, n in pairs}
    removed_before: dict[int, list[m.Section]] = {}
    # a removed section is listed just before the next old section that survives
    pending: list[m.Section] = []
    for section in old_sections:
        if id(section) in matched_old:
            removed_before.setdefault(id(section), []).extend(pending)
            pending = []
        else:
            pending.append(section)

    for section in new_sections:
        partner = pair_of_new.get(id(section))
        if partner is not None:
            for gone in removed_before.get(id(partner), []):
                out.append(_removed(gone, top))
            out.extend(_section_changes(partner, section, id(partner) in moved,
                                        old_level, new_level, budget, top))
        else:
            out.append(Change(SECTION_ADDED, section.id, section.title, "section",
                              new=section.title, marking=top(section.marking)))
    for gone in pending:
        out.append(_removed(gone, top))

    out.extend(_source_changes(old, new, top))
    shared_sources = {s.id for s in old.sources} & {s.id for s in new.sources}
    result.nothing_matched = (not pairs and not shared_sources
                              and bool(old_sections or old.sources)
                              and bool(new_sections or new.sources))
    return result


def match_sections(old: list[m.Section], new: list[m.Section]
                   ) -> list[tuple[m.Section, m.Section]]:
    """Pairs (old, new) of the same section: by id, then by kind and title among the rest."""
    by_id = {s.id: s for s in old if s.id}
    pairs: list[tuple[m.Section, m.Section]] = []
    used: set[int] = set()
    rest: list[m.Section] = []
    for section in new:
        partner = by_id.get(section.id) if section.id else None
        if partner is not None and id(partner) not in used:
            pairs.append((partner, section))
            used.add(id(partner))
        else:
            rest.append(section)
    by_title: dict[tuple[str, str], list[m.Section]] = {}
    for section in old:
        if id(section) not in used:
            by_title.setdefault((section.kind, _norm(section.title)), []).append(section)
    for section in rest:
        candidates = by_title.get((section.kind, _norm(section.title)))
        if candidates:
            pairs.append((candidates.pop(0), section))
    return pairs


def _moved(pairs: list[tuple[m.Section, m.Section]], old: list[m.Section],
           new: list[m.Section]) -> set[int]:
    """Old sections (by `id()`) outside a longest run of matched sections kept in order:
    moving one section up marks that one, not all it jumped over."""
    old_pos = {id(s): i for i, s in enumerate(old)}
    new_pos = {id(s): i for i, s in enumerate(new)}
    ordered = sorted(pairs, key=lambda p: new_pos[id(p[1])])
    kept = _longest_kept([old_pos[id(o)] for o, _n in ordered])
    return {id(o) for i, (o, _n) in enumerate(ordered) if i not in kept}


def _longest_kept(order: list[int]) -> set[int]:
    """Indexes of `order` forming a longest increasing subsequence (patience sorting)."""
    tails: list[int] = []      # value at the tail of each run length
    tail_at: list[int] = []    # index in `order` of that tail
    previous: list[int] = [-1] * len(order)
    for i, value in enumerate(order):
        k = bisect_left(tails, value)
        if k == len(tails):
            tails.append(value)
            tail_at.append(i)
        else:
            tails[k] = value
            tail_at[k] = i
        previous[i] = tail_at[k - 1] if k else -1
    kept: set[int] = set()
    i = tail_at[-1] if tail_at else -1
    while i != -1:
        kept.add(i)
        i = previous[i]
    return kept


def _removed(section: m.Section, top: Top) -> Change:
    return Change(SECTION_REMOVED, section.id, section.title, "section", old=section.title,
                  marking=top(section.marking))


def _section_changes(old: m.Section, new: m.Section, moved: bool,
                     old_level: str | None, new_level: str | None,
                     budget: Budget, top: Top) -> list[Change]:
    """The changes inside one matched section; each is marked with the section's level (old
    and new: its title heads the change's line) and that of the item it tells."""
    out: list[Change] = []
    level = top(old.marking or old_level, new.marking or new_level)

    def add(kind: str, what: str, before: str | None, after: str | None,
            removed: Iterable[str] = (), added: Iterable[str] = ()) -> None:
        out.append(Change(kind, new.id, new.title, what, before, after,
                          tuple(removed), tuple(added), marking=level))

    if _norm(old.title) != _norm(new.title):
        add(SECTION_RETITLED, "title", old.title, new.title)
    if moved:
        add(SECTION_MOVED, "position", None, None)
    if old.kind != new.kind:
        add(KIND_CHANGED, "kind", old.kind, new.kind)
    if (old.marking or old_level) != (new.marking or new_level):
        add(MARKING_CHANGED, "marking", old.marking or old_level, new.marking or new_level)
    for what, before, after in _texts(old, new):
        change = text_change(before, after, budget)
        if change is not None:
            add(TEXT_CHANGED, what, *change)
    items: list[Change] = _chart_changes(old, new, top)
    if old.kind == new.kind == "key_figures":
        items += _figure_changes(old, new, top)
    elif old.kind == new.kind == "judgments":
        items += _judgment_changes(old, new, budget, top)
    elif old.kind == new.kind == "map":
        items += _place_changes(old, new, top)
    items += _keyed(old.events, new.events, _event_key, _event_label,
                    EVENT_ADDED, EVENT_REMOVED, "event", new, top)
    items += _row_changes(old, new, budget, top)
    # an item change carries its item's own level (old and new); its section's is added
    return out + [replace(ch, marking=top(level, ch.marking)) for ch in items]


def _row_changes(old: m.Section, new: m.Section, budget: Budget, top: Top) -> list[Change]:
    """Rows matched by their cells; a row gone and a row come with the same first cell (the
    row's name, by a table's convention) are one row changed, told word by word."""
    gone, come = _unmatched(old.table.rows if old.table else [],
                            new.table.rows if new.table else [],
                            lambda r: tuple(_norm(c) for c in r.cells))
    by_name: dict[str, list[m.TableRow]] = {}
    for row in gone:
        by_name.setdefault(_row_name(row), []).append(row)
    changed: list[Change] = []
    added: list[Change] = []
    for row in come:
        same_name = by_name.get(_row_name(row))
        if not same_name:
            added.append(Change(ROW_ADDED, new.id, new.title, "row", new=short(_row_text(row)),
                                marking=top(row.marking)))
            continue
        before = same_name.pop(0)
        diff = text_change(_row_text(before), _row_text(row), budget)
        if diff is not None:
            changed.append(Change(TEXT_CHANGED, new.id, new.title,
                                  f"row “{_row_name(row)}”", diff[0], diff[1],
                                  tuple(diff[2]), tuple(diff[3]),
                                  marking=top(before.marking, row.marking)))
    left = {id(r) for rows in by_name.values() for r in rows}
    removed = [Change(ROW_REMOVED, new.id, new.title, "row", old=short(_row_text(r)),
                      marking=top(r.marking))
               for r in gone if id(r) in left]
    return removed + changed + added


def _row_name(row: m.TableRow) -> str:
    return _norm(row.cells[0]) if row.cells else ""


def _row_text(row: m.TableRow) -> str:
    return " | ".join(row.cells)


def _texts(old: m.Section, new: m.Section) -> list[tuple[str, str, str]]:
    """(field, old text, new text) for every free text of a section."""
    def q(s: m.Section, name: str) -> str:
        return (getattr(s.quote, name, None) or "") if s.quote else ""

    def im(s: m.Section, name: str) -> str:
        return (getattr(s.image, name, None) or "") if s.image else ""

    def ch(s: m.Section, name: str) -> str:
        return (getattr(s.chart, name, None) or "") if s.chart else ""

    pairs = [
        ("text", old.text or "", new.text or ""),
        ("quote", q(old, "text"), q(new, "text")),
        ("speaker", q(old, "speaker"), q(new, "speaker")),
        ("caption", im(old, "caption"), im(new, "caption")),
        ("alt text", im(old, "alt"), im(new, "alt")),
        ("chart note", ch(old, "note"), ch(new, "note")),
        ("unit", ch(old, "unit"), ch(new, "unit")),
        ("map caption", old.caption or "", new.caption or ""),
        ("caveat", old.caveat or "", new.caveat or ""),
        ("notes", old.notes or "", new.notes or ""),
    ]
    if old.table or new.table:
        pairs.append(("columns", " | ".join(old.table.columns if old.table else []),
                      " | ".join(new.table.columns if new.table else [])))
    return pairs


def text_change(old: str, new: str, budget: Budget | None = None
                ) -> tuple[str | None, str | None, list[str], list[str]] | None:
    """None when the words are the same (whitespace is formatting); otherwise a short
    old/new excerpt around the changes and the words removed and added."""
    a, b = _middle(old.split(), new.split())
    if not a and not b:
        return None
    removed: list[str] = []
    added: list[str] = []
    olds: list[str] = []
    news: list[str] = []
    if not (budget or Budget()).spend(len(a) * len(b)):
        opcodes = [("replace", 0, len(a), 0, len(b))]
    else:
        opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            continue
        removed += a[i1:i2]
        added += b[j1:j2]
        olds.append(" ".join(a[i1:i2]))
        news.append(" ".join(b[j1:j2]))
    return (" … ".join(x for x in olds if x) or None, " … ".join(x for x in news if x) or None,
            removed, added)


def _middle(a: list[str], b: list[str]) -> tuple[list[str], list[str]]:
    """The words between the common beginning and the common end (in linear time): a day's
    edit is usually one stretch, and difflib need only look at that."""
    start, limit = 0, min(len(a), len(b))
    while start < limit and a[start] == b[start]:
        start += 1
    end = 0
    while end < limit - start and a[-1 - end] == b[-1 - end]:
        end += 1
    return a[start:len(a) - end], b[start:len(b) - end]


def similarity(a: str, b: str, budget: Budget) -> float | None:
    """difflib's ratio of the words of `a` and `b`; None when the budget will not pay for it."""
    wa, wb = a.split(), b.split()
    if not budget.spend(len(wa) * len(wb)):
        return None
    return difflib.SequenceMatcher(None, wa, wb, autojunk=False).ratio()


def _chart_changes(old: m.Section, new: m.Section, top: Top) -> list[Change]:
    if old.chart is None or new.chart is None:
        return []
    out: list[Change] = []
    a, b = old.chart, new.chart

    def add(kind: str, what: str, before: str | None, after: str | None,
            point: tuple[str, str] | None = None, *series: m.Series) -> None:
        out.append(Change(kind, new.id, new.title, what, before, after, point=point,
                          marking=top(*(x.marking for x in series))))

    old_cats, new_cats = set(a.categories), set(b.categories)
    for cat in a.categories:
        if cat not in new_cats:
            add(CATEGORY_REMOVED, "category", cat, None)
    for cat in b.categories:
        if cat not in old_cats:
            add(CATEGORY_ADDED, "category", None, cat)
    old_series = {s.name: s for s in a.series}
    new_names = {s.name for s in b.series}
    for s in a.series:
        if s.name not in new_names:
            add(SERIES_REMOVED, "series", s.name, None, None, s)
    for s in b.series:
        before = old_series.get(s.name)
        if before is None:
            add(SERIES_ADDED, "series", None, s.name, None, s)
            continue
        old_at = dict(zip(a.categories, before.values, strict=False))
        for cat, value in zip(b.categories, s.values, strict=False):
            was = old_at.get(cat)
            if was is None or _same_value(was, value):
                continue
            where = f"{cat} / {s.name}" if len(b.series) > 1 else cat
            add(VALUE_CHANGED, where, value_text(was), value_text(value), (cat, s.name),
                before, s)
    return out


def _figure_changes(old: m.Section, new: m.Section, top: Top) -> list[Change]:
    """Key figures matched by label: a changed value is told as a chart value is ('killed in
    Iran: at least 9 -> 11'); a figure whose label is new or gone is added or removed."""
    before: dict[str, list[m.KeyFigure]] = {}
    for item in old.items:
        before.setdefault(_norm(item.label), []).append(item)
    out: list[Change] = []
    added: list[Change] = []
    for item in new.items:
        same = before.get(_norm(item.label))
        if not same:
            added.append(Change(FIGURE_ADDED, new.id, new.title, "key figure",
                                new=short(_figure_text(item)), marking=top(item.marking)))
            continue
        was = same.pop(0)
        if not _same_value(was.value, item.value):
            out.append(Change(VALUE_CHANGED, new.id, new.title, _norm(item.label),
                              value_text(was.value), value_text(item.value),
                              marking=top(was.marking, item.marking)))
    removed = [Change(FIGURE_REMOVED, new.id, new.title, "key figure", old=short(_figure_text(i)),
                      marking=top(i.marking))
               for items in before.values() for i in items]
    return removed + out + added


PLACE_MOVE = 0.01
"""Degrees (about a kilometre) a place must move before the change is told: a coordinate
retyped with fewer decimals is the same place."""


def _place_changes(old: m.Section, new: m.Section, top: Top) -> list[Change]:
    """Places matched by key (id, else name): one only in one edition is added or removed;
    a matched place whose coordinates moved, or whose label changed, is told old -> new.
    A place named without coordinates is compared by its name only (the gazetteer's answer
    is the same for both editions)."""
    before: dict[str, list[m.Place]] = {}
    for place in old.places:
        before.setdefault(_norm(place.key), []).append(place)
    out: list[Change] = []
    added: list[Change] = []
    for place in new.places:
        same = before.get(_norm(place.key))
        if not same:
            added.append(Change(PLACE_ADDED, new.id, new.title, "place",
                                new=short(_place_text(place)), marking=top(place.marking)))
            continue
        was = same.pop(0)
        if _moved_place(was, place):
            out.append(Change(PLACE_MOVED, new.id, new.title, _norm(place.name),
                              _where(was), _where(place),
                              marking=top(was.marking, place.marking)))
        if _norm(was.label or "") != _norm(place.label or ""):
            out.append(Change(TEXT_CHANGED, new.id, new.title, f"label of {_norm(place.name)}",
                              was.label, place.label, marking=top(was.marking, place.marking)))
    removed = [Change(PLACE_REMOVED, new.id, new.title, "place", old=short(_place_text(p)),
                      marking=top(p.marking))
               for places in before.values() for p in places]
    if (old.extent or None) != (new.extent or None):
        out.append(Change(TEXT_CHANGED, new.id, new.title, "map extent",
                          _extent(old.extent), _extent(new.extent)))
    return removed + out + added


def _moved_place(a: m.Place, b: m.Place) -> bool:
    if (a.lat is None) != (b.lat is None) or (a.lon is None) != (b.lon is None):
        return True
    if a.lat is None or b.lat is None or a.lon is None or b.lon is None:
        return False
    return abs(a.lat - b.lat) >= PLACE_MOVE or abs(a.lon - b.lon) >= PLACE_MOVE


def _where(place: m.Place) -> str:
    if place.lat is None or place.lon is None:
        return "by name"
    return f"{place.lat:.2f}, {place.lon:.2f}"


def _place_text(place: m.Place) -> str:
    return f"{place.name} ({_where(place)})"


def _extent(extent: list[float] | None) -> str | None:
    return None if not extent else ", ".join(f"{v:g}" for v in extent)


def _figure_text(item: m.KeyFigure) -> str:
    return f"{value_text(item.value)} {item.label}"


def _same_value(a: m.Value, b: m.Value) -> bool:
    return (a.value, a.qualifier, a.low, a.high) == (b.value, b.qualifier, b.low, b.high)


def value_text(value: m.Value) -> str:
    """'at least 9', '3–5', 'unknown' (a gap is a statement too)."""
    return value.label() or "unknown"


def _judgment_changes(old: m.Section, new: m.Section, budget: Budget, top: Top
                      ) -> list[Change]:
    out: list[Change] = []

    def add(kind: str, what: str, before: str | None, after: str | None,
            removed: Iterable[str] = (), added: Iterable[str] = (),
            items: tuple[m.JudgmentItem, ...] = ()) -> None:
        out.append(Change(kind, new.id, new.title, what, before, after,
                          tuple(removed), tuple(added),
                          marking=top(*(i.marking for i in items))))

    left = list(old.items)
    exact: dict[str, list[m.JudgmentItem]] = {}
    for item in left:
        exact.setdefault(_norm(item.text), []).append(item)
    pairs: list[tuple[m.JudgmentItem, m.JudgmentItem]] = []
    unpaired_new: list[m.JudgmentItem] = []
    for item in new.items:
        same = exact.get(_norm(item.text))
        if same:
            pairs.append((same.pop(0), item))
        else:
            unpaired_new.append(item)
    paired_old = {id(o) for o, _n in pairs}
    unpaired_old = [i for i in left if id(i) not in paired_old]
    # a reworded judgment: the most similar unpaired old one, if similar enough
    still_new: list[m.JudgmentItem] = []
    if len(unpaired_new) * len(unpaired_old) > PAIRING_BUDGET:
        still_new, unpaired_new = unpaired_new, []
    for item in unpaired_new:
        best, best_ratio = None, JUDGMENT_PAIRING
        for cand in unpaired_old:
            ratio = similarity(cand.text, item.text, budget)
            if ratio is not None and ratio >= best_ratio:
                best, best_ratio = cand, ratio
        if best is None:
            still_new.append(item)
        else:
            unpaired_old.remove(best)
            pairs.append((best, item))
            change = text_change(best.text, item.text, budget)
            if change is not None:
                add(TEXT_CHANGED, f"judgment “{short(item.text)}”", *change,
                    items=(best, item))
    for item in unpaired_old:
        add(JUDGMENT_REMOVED, "judgment", f"{short(item.text)} ({item.confidence})", None,
            items=(item,))
    for item in still_new:
        add(JUDGMENT_ADDED, "judgment", None, f"{short(item.text)} ({item.confidence})",
            items=(item,))
    for before, after in pairs:
        if before.confidence != after.confidence:
            add(CONFIDENCE_CHANGED, f"judgment “{short(after.text)}”", before.confidence,
                after.confidence, items=(before, after))
    return out


def _keyed(old: list, new: list, key: Callable, label: Callable[..., str],
           added_kind: str, removed_kind: str, what: str, section: m.Section, top: Top
           ) -> list[Change]:
    """Items matched by `key`: those only in `old` removed, those only in `new` added."""
    gone, come = _unmatched(old, new, key)
    return ([Change(removed_kind, section.id, section.title, what, old=short(label(i)),
                    marking=top(i.marking)) for i in gone]
            + [Change(added_kind, section.id, section.title, what, new=short(label(i)),
                      marking=top(i.marking)) for i in come])


def _unmatched(old: list, new: list, key: Callable) -> tuple[list, list]:
    """The items of `old` and of `new` left over when equal keys are paired (as multisets,
    in order: a repeated item counts as many times as it is there)."""
    def leftover(items: list, other: list) -> list:
        count: dict = {}
        for item in other:
            count[key(item)] = count.get(key(item), 0) + 1
        rest = []
        for item in items:
            k = key(item)
            if count.get(k, 0):
                count[k] -= 1
            else:
                rest.append(item)
        return rest

    return leftover(old, new), leftover(new, old)


def _event_key(event: m.Event) -> tuple:
    return (str(event.date), _norm(event.time or ""), _norm(event.text))


def _event_label(event: m.Event) -> str:
    """'18 January 2024 (early morning): Strikes…': the time is free text ("inferred - source
    gives no date"), set apart from the date as the timeline sets it on a line of its own."""
    when = m.format_date(event.date) + (f" ({event.time})" if event.time else "")
    return f"{when}: {event.text}"


def _source_changes(old: m.Document, new: m.Document, top: Top) -> list[Change]:
    out: list[Change] = []
    before = {s.id: s for s in old.sources}
    now = {s.id for s in new.sources}
    for source in old.sources:
        if source.id not in now:
            out.append(Change(SOURCE_REMOVED, field=f"source {source.id}",
                              old=short(source.title), marking=top(source.marking)))
    for source in new.sources:
        was = before.get(source.id)
        if was is None:
            out.append(Change(SOURCE_ADDED, field=f"source {source.id}", new=short(source.title),
                              marking=top(source.marking)))
            continue
        if _grade(was) != _grade(source):
            out.append(Change(SOURCE_REGRADED, field=f"source {source.id}",
                              old=_grade(was), new=_grade(source),
                              marking=top(was.marking, source.marking)))
        if _norm(was.title) != _norm(source.title):
            out.append(Change(SOURCE_RETITLED, field=f"source {source.id}",
                              old=short(was.title), new=short(source.title),
                              marking=top(was.marking, source.marking)))
    return out


def _part_changes(old: m.Document, new: m.Document, top: Top) -> list[Change]:
    """Parts renamed ('part: Reactions -> Responses'), added or removed, as exported: changes
    of the briefing's outline. No section is marked updated for them (its slides did not
    change), and a section that moved into another part is told as moved, if at all."""
    def parts(doc: m.Document) -> list[tuple[str, str | None]]:
        """(title, level): a part's title is as restricted as the section naming it, which
        `validate` keeps at or below every section it holds: the lowest of them."""
        out = []
        for g in included_groups(doc):
            if g.title is not None:
                levels = [s.marking or _lowest(doc) for s in g.sections]
                out.append((g.title, min(levels, key=lambda x: doc.markings.index(x))
                            if doc.markings and all(levels) else None))
        return out

    old_parts, new_parts = parts(old), parts(new)
    before, after = [t for t, _ in old_parts], [t for t, _ in new_parts]
    out: list[Change] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=before, b=after,
                                                       autojunk=False).get_opcodes():
        if op == "equal":
            continue
        gone, came = before[i1:i2], after[j1:j2]
        for k in range(max(len(gone), len(came))):
            was = gone[k] if k < len(gone) else None
            now = came[k] if k < len(came) else None
            out.append(Change(PARTS_CHANGED, field="part", old=short(was) if was else None,
                              new=short(now) if now else None,
                              marking=top(old_parts[i1 + k][1] if k < len(gone) else None,
                                          new_parts[j1 + k][1] if k < len(came) else None)))
    return out


def _grade(source: m.Source) -> str:
    """'C3' (the Admiralty grade), 'ungraded' when neither part is given."""
    text = f"{source.reliability or ''}{source.credibility or ''}"
    return text or "ungraded"


def _lowest(doc: m.Document) -> str | None:
    return doc.markings[0] if doc.markings else None


def _norm(text: str) -> str:
    return " ".join(text.split())


def short(text: str, limit: int = 60) -> str:
    """One line of at most `limit` characters, cut at a word with '…'."""
    text = _norm(text)
    if len(text) <= limit:
        return text
    # a cut that ends at a gap's own " … " (`text_change` joins stretches with it) drops
    # it: one ellipsis, never "killed ……"
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" …")
    return (cut or text[: limit - 1]) + "…"
