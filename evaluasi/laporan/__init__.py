"""Dashboard aggregates, charts, report rendering, report requests and report jobs."""
