"""The scenario dashboard: Voilà serving the scenarios report's live controls (analysis.reports.scenarios.widgets)."""
