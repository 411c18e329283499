"""The evidence library (SPEC §13): documents of an OPD or of the pemda, kept once with their
versions and linked to any answer or item in any period."""
