"""Briefing Desk's PySide6 GUI over the Qt-free `briefing` core."""
