"""Pure domain rules: standard library only, no I/O, no "today" (every date is passed in)."""
