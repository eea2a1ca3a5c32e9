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
lang = "en"
output_dir = "."
output_href = "."

# %%
from analysis.metrics import profiles as pr
P = pr.ProfileParams.from_namespace(globals())

# %%
from analysis import report
from analysis.figures.export import publish_figure, publish_table

prof = pr.profile_for(P)
report.title(pr.title_text(prof, P.lang))
report.key_findings(pr.findings(prof, P.lang), P)
report.markdown(pr.header_markdown(prof, P.lang))
report.heading({"da": "It-samarbejder", "en": "IT partnerships"}[P.lang])
if prof.partnerships:
    publish_table(pr.partnerships_frame(prof, P.lang), "partnerships", P=P,
                  title={"da": f"It-samarbejder, som {prof.name} er nævnt i",
                         "en": f"IT partnerships naming {prof.name} as a member"}[P.lang],
                  sources=[{"publisher": p["publisher"], "title": p["source_title"], "url": p["url"]}
                           for p in prof.partnerships], formats={"Start": "year"})
else:
    report.markdown(pr.no_partnerships_text(prof.name, P.lang))

# %%
report.heading({"da": "Administrationsudgifter pr. indbygger", "en": "Administration spend per inhabitant"}[P.lang])
report.markdown(pr.comparison_markdown(prof, P.lang) + "\n\n" + pr.peer_description(
    prof, pr.load_table(pr.MUNICIPALITIES_TABLE), P.lang) + "\n\n" + pr.rank_text(prof, P.lang)
    + "\n\n**" + pr.caveat_text(P.lang) + "**")
spend_sources = pr.table_sources(pr.SPEND_TABLE)
line_sources = spend_sources + pr.table_sources(pr.POPULATION_TABLE)
line_data = pr.series_frame(prof, P.lang)
publish_figure(pr.line_figure(prof, line_data, P.lang, pr.table_source_line(pr.SPEND_TABLE, P.lang)),
               "spend_over_time", line_data, title=pr.line_title(prof, line_data, P.lang), units=pr.t(pr.UNITS, P.lang),
               sources=line_sources, P=P)

# %%
dots, limit = pr.dot_frame(prof)
report.heading({"da": f"Alle kommuner i {prof.rank.latest_year}",
                "en": f"All municipalities in {prof.rank.latest_year}"}[P.lang])
report.markdown(pr.axis_text(dots, limit, P.lang))
publish_figure(pr.dot_figure(prof, dots, limit, prof.series["national"].iloc[-1], P.lang,
                             pr.table_source_line(pr.SPEND_TABLE, P.lang)),
               "all_municipalities", dots, title=pr.dot_title(prof, dots, P.lang), units=pr.t(pr.UNITS, P.lang),
               sources=spend_sources, alt=pr.dot_alt(prof, dots, P.lang), P=P)

# %%
facts = pr.load_table(pr.FACTS_TABLE)
licence = pr.joint_licence_for(prof, facts)
report.heading({"da": "Hvad en fælles licens ville betyde", "en": "What a joint licence would mean"}[P.lang])
report.markdown(pr.licence_text(prof, licence, P.lang))
licence_inputs = pr.licence_table(licence, P.lang)
publish_table(licence_inputs, "joint_licence_assumptions", P=P, formats=pr.licence_formats(licence_inputs, P.lang),
              title={"da": "Forudsætninger for licensscenariet", "en": "Inputs of the licence scenario"}[P.lang],
              sources=pr.licence_sources(prof, licence, facts, pr.load_table(pr.POPULATION_TABLE)))

# %%
report.methods(pr.methods_points(prof, P.lang), P)
report.caveats([pr.caveat_text(P.lang)], P)
