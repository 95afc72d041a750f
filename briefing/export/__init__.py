"""Export orchestration: audience filtering, atomic output groups, the forked writer."""
