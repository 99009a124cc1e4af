"""Printing: PDF documents laid out with Qt (QPdfWriter)."""
