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
countries = ["DK", "NO"]
include_eu = True

# %%
from analysis.reports.initiatives import page
from analysis.reports.initiatives.params import Params

P = Params.from_namespace(globals())
pg = page.Page(P)

# %%
page.title(pg)
page.findings(pg)

# %%
page.programmes(pg)

# %%
page.targets(pg)

# %%
page.online(pg)
page.norway_survey(pg)

# %%
page.methods_and_caveats(pg)
