"""The document model: what a briefing is, its markings, and the edits the app makes."""
