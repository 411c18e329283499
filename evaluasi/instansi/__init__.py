"""The pemda's own penilaian (SPEC §12): pengampu map, consolidation, national bridge."""
