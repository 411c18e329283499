"""Periods and the OPD's self-assessment: answers, evidence, not-applicable, submission."""
