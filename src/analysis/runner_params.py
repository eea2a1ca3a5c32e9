"""The parameters the runner injects into every notebook (where its files go and how its page links them); they
are not the user's to set. Apart from the models (analysis.params), so that a run with nothing to do need not
import pydantic."""

RUNNER_PARAMS = ("output_dir", "output_href")
