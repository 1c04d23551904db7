"""Stage 1: read content files into records and check them."""
