"""The book as a PDF, printed from the built website (``python -m pdf.build``)."""
