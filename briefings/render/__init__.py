"""Stage 2: turn records into HTML. Nothing here writes files."""
