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
cooperation_year = 2004
countries = ["DK", "NO"]

# %%
from analysis.reports.partnerships import page
from analysis.reports.partnerships.params import Params

P = Params.from_namespace(globals())
pg = page.Page(P)

# %%
page.title(pg)
page.findings(pg)

# %%
page.by_task(pg)
page.change_and_size(pg)

# %%
page.by_county(pg)

# %%
page.catalogue_tables(pg)
page.members_map(pg)
page.operations(pg)

# %%
page.norway_cases_and_savings(pg)
page.methods_and_caveats(pg)
