"""Targets of the roadmap (Peta Rencana SPBE/Pemdi) read against results (SPEC §14)."""
