"""Renderers: draw what the layout decided, one subpackage per output format."""
