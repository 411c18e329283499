"""The roadmap's programs (Peta Rencana SPBE/Pemdi, SPEC §14)."""
