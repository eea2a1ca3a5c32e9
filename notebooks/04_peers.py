# ---
# jupyter:
#   jupytext:
#     formats: py:percent
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
countries = ["DK", "NO", "SE", "FI", "IS", "EE", "NL", "DE", "GB"]
focus = ["DK", "NO"]
year_from = 2010
output_dir = "."
output_href = "."

# %%
from analysis.reports.peers import page
from analysis.reports.peers.params import Params

P = Params.from_namespace(globals())
pg = page.Page(P)

# %%
page.title(pg)
page.findings(pg)

# %%
page.egdi(pg)
page.components(pg)

# %%
page.benchmark(pg)
page.oecd(pg)

# %%
missing = page.egov_use(pg)
page.egov_use_older(pg, missing)

# %%
page.desi_text(pg)
page.desi_chart(pg)

# %%
page.focus_table(pg)
page.methods_and_caveats(pg)
