"""Briefing Desk's PySide6 GUI over the Qt-free `briefing` core."""

from .pyside_fix import immortalize_singletons

immortalize_singletons()  # before any Qt call: see ui/pyside_fix.py
