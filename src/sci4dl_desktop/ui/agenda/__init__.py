"""The attendee's personal agenda: stars, the My agenda page, calendar files and QR codes."""
