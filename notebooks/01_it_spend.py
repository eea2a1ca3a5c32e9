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
year_from = None
year_to = None
top_n = 10
output_dir = "."
output_href = "."

# %%
from analysis.reports.spend import page
from analysis.reports.spend.params import Params

P = Params.from_namespace(globals())
pg = page.Page(P)

# %%
page.title(pg)
page.findings(pg)

# %%
page.norway_spend(pg)

# %%
page.norway_strategy(pg)
page.norway_barriers(pg)

# %%
page.denmark_accounts(pg)
page.denmark_map(pg)
page.denmark_national(pg)

# %%
page.methods_and_caveats(pg)
