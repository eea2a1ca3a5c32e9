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
municipality = "København"
peers = "size"
size_band = 0.25
compare = []
lang = "en"
output_dir = "."
output_href = "."

# %%
from analysis.reports.profiles import page
from analysis.reports.profiles.params import Params

P = Params.from_namespace(globals())
pg = page.Page(P)

# %%
page.title(pg)
page.findings(pg)
page.header(pg)
page.partnerships(pg)

# %%
page.spend(pg)

# %%
page.all_municipalities(pg)
page.map_section(pg)

# %%
page.licence(pg)

# %%
page.methods_and_caveats(pg)
