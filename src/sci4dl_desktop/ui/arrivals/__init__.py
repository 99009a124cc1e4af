"""The live arrivals page: who is in, against who is expected, and when they came."""
