# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: muni-it-workbench
#     language: python
#     name: muni-it-workbench
# ---

# %% tags=["parameters"]
lang = "en"
output_dir = "."
output_href = "."
egdi_year = None

# %%
from analysis.reports.summary import page
from analysis.reports.summary.params import Params

P = Params.from_namespace(globals())
pg = page.Page(P)

# %%
page.title_and_findings(pg)

# %%
page.side_by_side(pg)

# %%
page.methods_and_caveats(pg)
