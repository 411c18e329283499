"""The evaluator's side: assignment, review, evidence validation, revision, finalise, reopen."""
