"""Event data: import with a preview, exports, and the organiser's editing page."""
