"""The PowerPoint deck: python-pptx, native charts and tables."""
