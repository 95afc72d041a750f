"""Time of laying out one long table: 3,000 rows of six columns of long words.

Every size a table is tried at, and every column part, asks for the columns' longest words
(`briefing.layout.tables.word_widths`); they are measured once per table and main font. On
the 2-core lab machine: the layout takes 0.94-0.95 s, as before the word rule (0.96-0.98 s);
measuring the words again at every size took 1.45-1.55 s.

    python benchmarks/table_words.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from briefing import load_text  # noqa: E402
from briefing.layout import layout_document  # noqa: E402

ROWS = 3_000


def briefing_text(rows: int = ROWS) -> str:
    lines = "\n".join(
        f'        - ["Row {i} Sistan-Baluchestan", "Counterinsurgency operations {i}", '
        f'"Desk assessment of {i}", "Retaliation", "Unverifiable claim", "{i}"]'
        for i in range(rows))
    return ("format: briefing/1\ntitle: Big table\nas_of: 2024-03-20\nsections:\n"
            "  - kind: table\n    title: Rows\n    table:\n"
            "      columns: [Account, Sources, Desk assessment, Rationale, Reliability, Number]\n"
            f"      rows:\n{lines}\n")


def main() -> None:
    doc = load_text(briefing_text())
    start = time.perf_counter()
    deck = layout_document(doc)
    print(f"{ROWS:,} rows: {len(deck.pages)} slides laid out in "
          f"{time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
