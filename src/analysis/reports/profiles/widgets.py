"""The profiles' comparison in the dashboard (ipywidgets, shown by Voilà as the dashboard's second page): the reader
chooses a municipality and a comparison set, and sees the profile's line chart with the compare line beside the
national, regional and peer lines, and the sentences naming the compared municipalities.

Everything shown is the profile's own: `Params` validates the choice, `page.Page` computes it from the tables read
once per process (load), `page.spend_figure` draws the chart and `page.comparison_text` words it. A name that is
not a municipality is one line in the reader's language with the closest matches; nothing else changes then.
"""
from __future__ import annotations

import html

import ipywidgets as w
import mistune

from analysis.figures import export
from analysis.i18n import Words, sort_names
from analysis.reports.profiles import REPORT, load, page
from analysis.reports.profiles.params import Params
from analysis.reports.scenarios.widgets import CSS, FIELD_LAYOUT, FIELD_STYLE, figure_html

MAX_COMPARE = next(m.max_length for m in Params.model_fields["compare"].metadata if hasattr(m, "max_length"))


def page_title(lang: str) -> str:
    """The comparison page's <title> in the reader's language."""
    return Words(REPORT.id, lang)("dash_page_title")


def split(text: str) -> list[str]:
    """The comparison set as the reader typed it: names or codes separated by commas (or semicolons)."""
    return [t.strip() for t in str(text or "").replace(";", ",").split(",") if t.strip()]


def nav(lang: str, *, to_compare: bool, view: str = "compare") -> w.HTML:
    """The link between the dashboard's two pages: to this comparison (?view=…) or back to the scenarios."""
    words = Words(REPORT.id, lang)
    href, key = (f"?view={view}", "dash_to_compare") if to_compare else ("./", "dash_to_scenarios")
    return w.HTML(f'<nav class="dashboard-nav"><a href="{href}">{html.escape(words(key))}</a></nav>')


class Notice(Exception):
    """A message for the reader, already in their language."""


class CompareApp:
    """The municipality dropdown, the comparison-set field and the comparison they give."""

    def __init__(self, lang: str = "en", municipality: str | None = None, compare: str = ""):
        self.lang = lang if lang in ("da", "en") else "en"
        self.w = Words(REPORT.id, self.lang)
        default = Params.model_fields["municipality"].default
        start = load.find(municipality) if municipality else None
        self.municipality = w.Dropdown(options=sort_names(load.all_municipalities(), self.lang),
                                       value=str((start or load.lookup(default))["name"]),
                                       description=self.w("dash_municipality"), style=FIELD_STYLE,
                                       layout=FIELD_LAYOUT)
        self.compare = w.Text(value=compare, description=self.w("dash_compare"),
                              placeholder=self.hint(), continuous_update=False, style=FIELD_STYLE,
                              layout=w.Layout(width="100%", max_width="600px"))
        self.button = w.Button(description=self.w("dash_show"), button_style="primary")
        self.message, self.text, self.chart = w.HTML(), w.HTML(), w.HTML(layout=w.Layout(max_width="860px"))
        self.municipality.observe(self.update, names="value")
        self.compare.observe(self.update, names="value")
        self.button.on_click(self.update)
        self.widget = w.VBox([
            w.HTML(f"{CSS}<div class='scenario-app'><h2>{html.escape(self.w('dash_title'))}</h2>"
                   f"<p class='scenario-note'>{html.escape(self.w('dash_intro'))}</p></div>"),
            w.VBox([self.municipality, self.compare, self.button], layout=w.Layout(max_width="620px", width="100%")),
            self.message, self.text, self.chart,
        ], layout=w.Layout(padding="0 0.5em", max_width="100%"))
        self.widget.add_class("scenario-app")
        self.widget.add_class("compare-app")
        self.pg: page.Page | None = None
        self.update()

    def hint(self) -> str:
        """The field's example: the first two municipalities of the list, by name and by code."""
        a, b = (load.lookup(n) for n in self.municipality.options[:2])
        return self.w("dash_compare_hint", a=a["name"], b=b["name"], code_a=a["code"], code_b=b["code"])

    def codes(self) -> list[str]:
        """The comparison set's codes; Notice (in the reader's words, with the closest matches) for a name or
        code that is not a municipality, or for more than the parameter allows."""
        items = split(self.compare.value)
        if len(items) > MAX_COMPARE:
            raise Notice(self.w("dash_too_many", n=MAX_COMPARE, k=len(items)))
        codes = []
        for item in items:
            found = load.find(item)
            if found is None:
                close = load.close_matches(item)
                if not close:
                    first = load.lookup(self.municipality.options[0])
                    raise Notice(self.w("dash_unknown_none", given=item, name=first["name"], code=first["code"]))
                listed = close[0] if len(close) == 1 else \
                    f"{', '.join(close[:-1])} {self.w('dash_or')} {close[-1]}"
                raise Notice(self.w("dash_unknown", given=item, close=listed))
            codes.append(str(found["code"]))
        return codes

    def params(self, codes: list[str]) -> Params:
        """The profile's parameters for the chosen municipality and comparison set (validated as --set would be)."""
        return Params.validate_params({"lang": self.lang, "municipality": self.municipality.value,
                                       "compare": codes}, where="dashboard").derive()

    def update(self, change=None) -> None:
        """Recompute and redraw. A mistake in the comparison set is said in one line and leaves the last comparison
        in place (on opening, the profile is shown without a comparison set)."""
        try:
            codes, notice = self.codes(), ""
        except Notice as exc:
            codes, notice = [], str(exc)
        self.message.value = (f"<div class='scenario-error' role='alert'>{html.escape(notice)}</div>"
                              if notice else "")
        if notice and self.pg is not None:
            return
        self.pg = pg = page.Page(self.params(codes))
        text = "\n\n".join([page.comparison_text(pg), page.peer_description(pg)])
        self.text.value = f"<div class='scenario-note compare-text'>{mistune.html(html.escape(text))}</div>"
        fig, data = page.spend_figure(pg)
        meta = {**getattr(fig, "_workbench", {}), "title": page.line_title(pg, data)}
        self.data = data
        self.chart.value = figure_html(fig, export.describe(meta, data, self.lang), width=860)


def show(lang: str = "en", municipality: str | None = None, compare: str = "") -> CompareApp:
    """Display the comparison controls (JupyterLab or Voilà); returns the app."""
    from IPython.display import display
    app = CompareApp(lang, municipality, compare)
    display(app.widget)
    return app
