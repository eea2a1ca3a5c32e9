"""Where each report lands lives below the runner (analysis.layout), so report pages can link to each
other without importing the runner; re-exported here for the runner's modules."""
from analysis.layout import files_dir, report_stem, slug

__all__ = ["files_dir", "report_stem", "slug"]
