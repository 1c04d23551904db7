"""briefings: safeguarding case-review learning as sector briefings, PDFs and a website."""

__version__ = "0.1.0"
