"""Ids: what one may look like, and how one is derived from a title.

The rule lives with the model because the reader, the validator and the editor all use it,
and the model is the layer they share.
"""

from __future__ import annotations

import re

ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$")
"""A source or section id: letters, digits, '-', '_', '.', ':', starting with a letter or digit."""


def slugify(text: str) -> str:
    """'Key judgments' -> 'key-judgments' (at most 40 characters; 'section' if nothing is left)."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:40].rstrip("-") or "section"


def unique_slug(title: str, taken: set[str]) -> str:
    """The slug of `title`, with '-2', '-3'... added until it is not in `taken`."""
    base = slugify(title)
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug
