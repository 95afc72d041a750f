"""Text before layout: the shipped fonts, measuring, Arabic-script shaping, bidi order."""
