"""Figures in the one house style, published with their data.

    from analysis.figures import charts, export, style
    fig = charts.line_chart(df, x="year", y="value", series="geo_code", labels=names,
                            title="What the chart shows", units="index (0–1)", lang=P.lang)
    export.publish_figure(fig, "egdi_over_time", df, title=..., units=..., sources=tables.sources(df), P=P)

- style: palette (HIGHLIGHT, ACCENT, MID, MUTED, COUNTRY_COLORS), new_figure(width), set_title,
  unit_label, source_line, number_formatter/format_axis (per language), year_axis, label_line_ends.
- charts: line_chart, bar_ranking, dot_plot, timeline (tidy DataFrame in, Figure out).
- export: publish_figure, publish_table, source_text, table_html, describe (alt text from data).
- labels: fixed da/en texts, country names, ordinal(), join_names().
"""
