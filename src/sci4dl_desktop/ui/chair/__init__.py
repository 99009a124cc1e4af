"""The session chair: the talk timer, the speaker display and the day's drift."""
