"""The evaluation (app label `evaluasi`), in four parts over shared models and rules:
`instrumen` (instruments, their spreadsheets, the simulator), `penilaian` (periods and the
OPD's self-assessment), `verifikasi` (the evaluator's review up to final) and `laporan`
(dashboard, charts, reports). `models`, `scoring`, `states`, `urls` and `tasks` stay here."""
