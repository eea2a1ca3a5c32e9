"""The scenario dashboard: Voilà serving the scenarios report's live controls (analysis.reports.scenarios.widgets) and the profiles' comparison (analysis.reports.profiles.widgets)."""
