"""The attendee kiosk: a full-screen window for a shared screen, left only with the staff PIN."""
