"""Stage 3: write artefacts (pages, PDFs, search index) and publish them atomically."""
