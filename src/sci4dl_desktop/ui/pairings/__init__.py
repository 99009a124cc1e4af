"""The organiser's Mentorship planning page."""
