"""The Schedule page: the day as a timeline and as a list, now and next, session details."""
