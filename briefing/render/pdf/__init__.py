"""The PDFs: slides, handout and briefing paper, drawn with ReportLab."""
