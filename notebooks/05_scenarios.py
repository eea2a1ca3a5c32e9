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

# %% [markdown] tags=["remove_cell"]
# # Scenarios for policy advisors
#
# Channel shift, shared IT operations and a joint licence, with every default taken from a sourced figure
# (or marked as an assumption). Leave a parameter at `None` for its default.
#
# **In JupyterLab:** set `interactive = True` below and run all cells: the sliders come first, then the
# static report. Figures from a run in JupyterLab go to the ignored `scratch/` folder, never into `notebooks/`.
# `workbench dashboard` serves the same controls in a browser, without code.

# %% tags=["parameters"]
lang = "en"
output_dir = "."
output_href = "."
municipality = None          # joint licence: a Danish municipality (default: the business-case municipality)
contacts_per_year = None     # no sourced count: results per 1,000 contacts until set
letter_share = None          # % by letter or e-mail now (give together with phone_share)
phone_share = None           # % by telephone now
digital_share = None         # % by digital self-service now
target_digital_share = None  # % digital after the shift
letter_cost = None           # kr. per contact
phone_cost = None
digital_cost = None
members = None               # municipalities in a shared IT operation
one_off_cost = None          # kr., all members together
saving_per_member = None     # kr. per member and year
start_year = None
licence_per_citizen = None   # kr. per citizen in the user club
current_licence_cost = None  # kr. per year: your municipality's current licence cost
interactive = False          # True in JupyterLab: sliders and a municipality dropdown first

# %%
from analysis.reports.scenarios import page
from analysis.reports.scenarios.params import Params

P = Params.from_namespace(globals())
pg = page.Page(P)

# %%
if P.interactive:
    from analysis.reports.scenarios.widgets import show

    app = show(P)

# %%
page.title(pg)
page.findings(pg)

# %%
page.channel_section(pg)
page.shared_section(pg)

# %%
page.licence_section(pg)
page.assumptions_section(pg)

# %%
page.caveats(pg)
page.sources(pg)
