"""The briefing file format: safe YAML, the versioned reader, the writer, themes."""
