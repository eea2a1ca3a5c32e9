"""The scenarios report's live controls (ipywidgets): sliders and a municipality dropdown that redraw numbers
and charts, in JupyterLab (notebook 05 with interactive = True) and in the dashboard (Voilà).

`ScenarioApp(P)` starts from a derived Params (defaults filled); every change recomputes only
the model it touches, from numbers already in memory, so an update costs one chart redraw.
"""
from __future__ import annotations

import base64
import html
import io
import math

import ipywidgets as w
import matplotlib.pyplot as plt

from analysis.errors import WorkbenchError
from analysis.figures.export import table_html
from analysis.i18n import Words, decimals_of, fmt_kr, fmt_number, fmt_percent
from analysis.reports.scenarios import REPORT, charts, page
from analysis.reports.scenarios import compute as m
from analysis.reports.scenarios import params as sp


CSS = """<style>
.scenario-app {font-family: 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif; color: #1f1f1f;
  max-width: 1300px; box-sizing: border-box;}
.scenario-app h2 {margin: 0.2em 0; font-size: 1.5em;}
.scenario-app h3 {margin: 0.6em 0 0.2em 0; font-size: 1.15em; color: #0b3a66;}
.headline {border-left: 4px solid #0b3a66; padding: 0.2em 0.7em; margin: 0.3em 0;}
.headline .value {font-size: 1.6em; font-weight: bold; color: #0b3a66; font-variant-numeric: tabular-nums;}
.headline .label {color: #4a4a4a; font-size: 0.95em;}
.headline-extra {border-left-color: #9a3412;}
.headline-extra .value {color: #9a3412;}
.scenario-error {color: #b00020; font-weight: bold;}
.scenario-note {color: #4a4a4a; font-size: 0.9em;}
.scenario-label {font-size: 0.95em; color: #1f1f1f; white-space: normal; line-height: 1.3;}
.scenario-readout {font-variant-numeric: tabular-nums; white-space: nowrap; min-width: 7.5em; text-align: right;}
.scenario-chart img {max-width: 100%; height: auto; display: block;}
.scenario-table {max-width: 100%; overflow-x: auto;}
.scenario-table table {font-size: 0.85em !important;}
.scenario-table td, .scenario-table th {vertical-align: top; overflow-wrap: break-word;}
@media (max-width: 700px) {
  #rendered_cells > div {padding: 1ex 1ex !important;}
  .scenario-app .widget-text, .scenario-app .widget-dropdown {flex-wrap: wrap;}
  /* the assumptions table as one card per input: name, then value and unit, then source and note */
  .scenario-table thead {display: none;}
  .scenario-table table, .scenario-table tbody, .scenario-table tr {display: block; width: 100%;}
  .scenario-table tr {border-bottom: 1px solid #c8c8c8; padding: 0.4em 0;}
  .scenario-table td {display: block; border: none !important; padding: 0.1em 0 !important; text-align: left !important;}
  .scenario-table td:nth-child(1) {font-weight: bold;}
  .scenario-table td:nth-child(2), .scenario-table td:nth-child(3) {display: inline; margin-right: 0.3em;}
  .scenario-table td:nth-child(4), .scenario-table td:nth-child(5) {color: #4a4a4a;}
}
</style>"""

ROW_LAYOUT = w.Layout(flex_flow="row wrap", align_items="flex-start", width="100%")
CONTROLS_LAYOUT = w.Layout(flex="1 1 320px", max_width="620px", min_width="0", margin="0 1.5em 0 0")
FIELD_STYLE = {"description_width": "initial"}
FIELD_LAYOUT = w.Layout(width="auto", max_width="600px")
# What each slider's readout shows its value as (its unit in the reader's language).
READOUT_KINDS = {"digital_share": "percent", "letter_share": "percent", "target_digital_share": "percent",
                 "letter_cost": "kr", "phone_cost": "kr", "digital_cost": "kr", "members": "count",
                 "one_off_cost": "kr", "saving_per_member": "kr", "start_year": "year",
                 "licence_per_citizen": "kr", "current_licence_cost": "kr"}
SAVE_PROBLEMS = {"invalid": "save_invalid", "edition": "save_edition"}


def nice_max(value: float, factor: float = 4.0, floor: float = 10.0) -> float:
    """A round slider maximum (1, 2 or 5 x 10^k) at least factor x value."""
    target = max(value * factor, floor)
    power = 10 ** math.floor(math.log10(target))
    for step in (1, 2, 5, 10):
        if step * power >= target:
            return float(step * power)
    return float(10 * power)


def readout(value: float, kind: str, lang: str) -> str:
    """A slider's value as the reader reads it: '480.000 kr.', '30 %' (da); 'DKK 480,000', '30%' (en)."""
    if kind == "percent":
        return fmt_percent(value, lang, decimals_of(value))
    if kind == "kr":
        return fmt_kr(value, lang, decimals_of(value))
    if kind == "year":
        return str(int(value))
    return fmt_number(value, lang)


def slider(key: str, value: float, *, maximum: float | None = None, step: float | None = None,
           integer: bool = False, minimum: float = 0):
    """A slider for input key, starting at value; updates only on release. Its label and readout are
    drawn beside it (labelled_slider), in the reader's language and number format."""
    maximum = maximum if maximum is not None else nice_max(value)
    step = step if step is not None else (1 if maximum <= 1000 else maximum / 500)
    cls = w.IntSlider if integer else w.FloatSlider
    return cls(value=int(value) if integer else value, min=minimum, max=maximum, step=step, description="",
               readout=False, continuous_update=False,
               layout=w.Layout(flex="1 1 auto", width="auto", min_width="100px"))


def labelled_slider(control, key: str, label: str, lang: str) -> w.VBox:
    """The slider with its label above (never cut off) and its readout with the unit to its right. The
    dashboard page names the slider's handle after the label (aria-label) and reads out the value text."""
    shown = w.HTML(layout=w.Layout(flex="0 0 auto"))
    shown.add_class("scenario-readout")

    def refresh(change=None):
        shown.value = html.escape(readout(control.value, READOUT_KINDS[key], lang))

    refresh()
    control.observe(refresh, names="value")
    box = w.VBox([w.HTML(f"<span class='scenario-label'>{html.escape(label)}</span>"),
                  w.HBox([control, shown], layout=w.Layout(width="100%", align_items="center"))],
                 layout=w.Layout(width="100%", margin="0 0 0.4em 0"))
    box.add_class("scenario-slider")
    return box


def headline(cls: str, value: str, label: str) -> str:
    """HTML of one headline number with its label (the browser test reads `.{cls} .value`)."""
    return (f'<div class="headline {cls}"><div class="label">{html.escape(label)}</div>'
            f'<div class="value">{html.escape(value)}</div></div>')


def figure_png(fig) -> bytes:
    """PNG bytes of fig (closed afterwards)."""
    buf = io.BytesIO()
    try:
        fig.savefig(buf, format="png", dpi=90, bbox_inches="tight", pad_inches=0.15)
    finally:
        plt.close(fig)
    return buf.getvalue()


def figure_html(fig, alt: str, width: int = 468) -> str:
    """The chart as an <img> with its alt text (the same sentence the report gives it), width px at most."""
    data = base64.b64encode(figure_png(fig)).decode("ascii")
    return (f'<div class="scenario-chart"><img src="data:image/png;base64,{data}" alt="{html.escape(alt)}" '
            f'width="{width}"></div>')


def page_title(lang: str) -> str:
    """The dashboard page's <title> in the reader's language."""
    return Words(REPORT.id, lang)("page_title")


class Notice(Exception):
    """A message for the reader, already in their language (shown instead of the update)."""


class ScenarioApp:
    """The scenario controls, numbers and charts for one derived Params."""

    def __init__(self, P: sp.Params, params_dir=None):
        self.P = P
        self.lang = P.lang
        self.w = Words(REPORT.id, P.lang)
        self.params_dir = params_dir
        self.defaults = P.inputs()
        self._population = {P.municipality_name: self.defaults["population"]}
        self._build()
        self.update_channel()
        self.update_shared()
        self.update_licence()

    # ---------------------------------------------------------------- building
    def _build(self) -> None:
        d, lang = self.defaults, self.lang
        self.contacts = w.BoundedIntText(value=int(d["contacts_per_year"].value), min=0, max=10**9,
                                         description=page.input_label("contacts_per_year", self.w),
                                         style=FIELD_STYLE, layout=FIELD_LAYOUT)
        rest = d["letter_share"].value + d["phone_share"].value
        self.digital = slider("digital_share", d["digital_share"].value, maximum=100, step=1)
        self.letter_part = slider("letter_share", 100 * d["letter_share"].value / rest if rest else 50,
                                  maximum=100, step=1)
        self.target = slider("target_digital_share", d["target_digital_share"].value, maximum=100, step=1)
        self.costs = {k: slider(k, d[k].value, step=1) for k in ("letter_cost", "phone_cost", "digital_cost")}
        self.members = slider("members", d["members"].value, integer=True, minimum=1,
                              maximum=max(30, int(d["members"].value) * 4), step=1)
        self.one_off = slider("one_off_cost", d["one_off_cost"].value, step=10_000)
        self.saving = slider("saving_per_member", d["saving_per_member"].value, step=10_000)
        self.start = slider("start_year", d["start_year"].value, integer=True,
                            minimum=int(d["start_year"].value) - 20, maximum=int(d["start_year"].value) + 20, step=1)
        self.municipality = w.Dropdown(options=sp.municipality_names(lang), value=self.P.municipality_name,
                                       description=self.w("municipality"), style=FIELD_STYLE, layout=FIELD_LAYOUT)
        self.fee = slider("licence_per_citizen", d["licence_per_citizen"].value, step=0.5)
        club = d["population"].value * d["licence_per_citizen"].value
        current = d["current_licence_cost"].value if "current_licence_cost" in d else club
        self.current = slider("current_licence_cost", current, maximum=nice_max(club, 3), step=1000)
        # the current licence cost is the user's input: until they move it, it follows the break-even cost
        self._current_touched = "current_licence_cost" in d
        self._programmatic = False

        self.channel_head, self.shared_head, self.licence_head = w.HTML(), w.HTML(), w.HTML()
        self.channel_img, self.shared_img = w.HTML(layout=w.Layout(flex="1 1 320px", max_width="520px")), \
            w.HTML(layout=w.Layout(flex="1 1 320px", max_width="520px"))
        self.check_html, self.table_html, self.message = w.HTML(), w.HTML(), w.HTML()
        self.name = w.Text(description=self.w("save_name"), placeholder="my-scenario", style=FIELD_STYLE,
                           layout=w.Layout(width="auto", max_width="360px"))
        self.save_button = w.Button(description=self.w("save"), button_style="primary")
        self.save_status = w.HTML()

        for widget in (self.contacts, self.digital, self.letter_part, self.target, *self.costs.values()):
            widget.observe(self.update_channel, names="value")
        for widget in (self.members, self.one_off, self.saving, self.start):
            widget.observe(self.update_shared, names="value")
        self.fee.observe(self.update_licence, names="value")
        self.current.observe(self.on_current, names="value")
        self.municipality.observe(self.on_municipality, names="value")
        self.save_button.on_click(self.on_save)

        row = lambda control, key, label=None: labelled_slider(  # noqa: E731
            control, key, label or page.input_label(key, self.w), lang)
        section = lambda key: w.HTML(f"<h3>{html.escape(self.w(key))}</h3>")  # noqa: E731
        channel_controls = [self.contacts, row(self.digital, "digital_share"),
                            row(self.letter_part, "letter_share", self.w("letter_part")),
                            row(self.target, "target_digital_share"),
                            *(row(c, k) for k, c in self.costs.items())]
        shared_controls = [row(self.members, "members"), row(self.one_off, "one_off_cost"),
                           row(self.saving, "saving_per_member"), row(self.start, "start_year")]
        self.widget = w.VBox([
            w.HTML(f"{CSS}<div class='scenario-app'><h2>{html.escape(self.w('ui_title'))}</h2>"
                   f"<p class='scenario-note'>{html.escape(self.w('intro'))}</p></div>"),
            self.message,
            section("channel"), self.channel_head,
            w.HBox([w.VBox(channel_controls, layout=CONTROLS_LAYOUT), self.channel_img], layout=ROW_LAYOUT),
            section("shared"), self.shared_head,
            w.HBox([w.VBox(shared_controls, layout=CONTROLS_LAYOUT), self.shared_img], layout=ROW_LAYOUT),
            section("licence"), self.licence_head,
            w.VBox([self.municipality, row(self.fee, "licence_per_citizen"),
                    row(self.current, "current_licence_cost"), self.check_html],
                   layout=w.Layout(max_width="620px", width="100%")),
            section("assumptions"), self.table_html,
            w.HBox([self.name, self.save_button], layout=w.Layout(flex_flow="row wrap")), self.save_status,
        ], layout=w.Layout(padding="0 0.5em", max_width="100%"))
        self.widget.add_class("scenario-app")

    # ---------------------------------------------------------------- current inputs
    def _input(self, key: str, value) -> m.Assumption:
        """The default for key if the widget still shows it, else the user's value."""
        default = self.defaults.get(key)
        if default is None:
            return m.Assumption(key, value, "")
        return default.with_value(value)

    def shares(self) -> tuple[float, float, float]:
        """(letter, phone, digital) in % from the digital slider and the letter part of the rest."""
        digital = float(self.digital.value)
        d = self.defaults
        if digital == d["digital_share"].value and self.letter_part.value == self._default_letter_part():
            return d["letter_share"].value, d["phone_share"].value, digital
        rest = 100 - digital
        letter = round(rest * self.letter_part.value / 100, 9)
        return letter, round(rest - letter, 9), digital

    def _default_letter_part(self) -> float:
        d = self.defaults
        rest = d["letter_share"].value + d["phone_share"].value
        return 100 * d["letter_share"].value / rest if rest else 50

    def channel_inputs(self) -> dict:
        letter, phone, digital = self.shares()
        return {
            "contacts_per_year": self._input("contacts_per_year", self.contacts.value),
            "letter_share": self._input("letter_share", letter),
            "phone_share": self._input("phone_share", phone),
            "digital_share": self._input("digital_share", digital),
            **{k: self._input(k, float(s.value)) for k, s in self.costs.items()},
            "target_digital_share": self._input("target_digital_share", float(self.target.value)),
        }

    def shared_inputs(self) -> dict:
        return {"members": self._input("members", self.members.value),
                "one_off_cost": self._input("one_off_cost", float(self.one_off.value)),
                "saving_per_member": self._input("saving_per_member", float(self.saving.value)),
                "start_year": self._input("start_year", self.start.value)}

    # ---------------------------------------------------------------- updates
    def _guard(fn):  # noqa: N805 - decorator inside the class
        """Show a user error (ParameterError …) as a message instead of a traceback."""
        def run(self, *args):
            try:
                fn(self, *args)
                self.message.value = ""
            except Notice as exc:  # a case the controls can reach, said in the reader's words
                self.message.value = f"<div class='scenario-error' role='alert'>{html.escape(str(exc))}</div>"
            except WorkbenchError as exc:
                self.message.value = f"<div class='scenario-error' role='alert'>{html.escape(exc.format())}</div>"
        return run

    @_guard
    def update_channel(self, change=None) -> None:
        letter, phone, _ = self.shares()
        if letter + phone == 0 and float(self.target.value) < 100:
            raise Notice(self.w("all_digital"))
        result = m.channel_shift(**self.channel_inputs())
        self.channel = result
        scale = None if self.contacts_given() else int(self.contacts.value)
        L = self.lang
        if result.saving < 0:  # the target is below today's digital share: say so, not a bare minus
            cls, value = "headline-channel headline-extra", fmt_kr(-result.saving, L)
            label = self.w("channel_extra", target=fmt_percent(result.shares_after["digital"], L),
                           now=fmt_percent(result.shares_now["digital"], L))
        else:
            cls, value, label = "headline-channel", fmt_kr(result.saving, L), self.w("channel_saving")
        if scale:  # after the worded extra cost, a dash keeps the scale apart from its last clause
            label += (" – " if result.saving < 0 else " ") + self.w("ui_per_scale", n=fmt_number(scale, L))
        self.channel_head.value = headline(cls, value, label)
        self.channel_img.value = figure_html(charts.channel_figure(result, L, scale, width="narrow"), page.channel_alt(result, self.w))
        self.update_table()

    def contacts_given(self) -> bool:
        return self.P.contacts_given or self.contacts.value != self.defaults["contacts_per_year"].value

    @_guard
    def update_shared(self, change=None) -> None:
        result = m.shared_operations(**self.shared_inputs())
        self.shared_result = result
        year = result.payback_year
        self.shared_head.value = headline("headline-payback", str(year) if year else self.w("never"),
                                          self.w("payback"))
        self.shared_img.value = figure_html(charts.payback_figure(result, self.lang, width="narrow"), page.payback_alt(result, self.w))
        self.update_table()

    def on_current(self, change) -> None:
        if not self._programmatic:
            self._current_touched = True
        self.update_licence()

    def on_municipality(self, change) -> None:
        name = change["new"]
        if name not in self._population:
            self._population[name] = sp.population_assumption(sp.lookup(name))
        if not self._current_touched:
            club = self._population[name].value * float(self.fee.value)
            self._programmatic = True
            try:
                self.current.max = max(self.current.max, nice_max(club, 3))
                self.current.value = club
            finally:
                self._programmatic = False
        self.update_licence()

    @_guard
    def update_licence(self, change=None) -> None:
        lang, name = self.lang, self.municipality.value
        fee = self._input("licence_per_citizen", float(self.fee.value))
        result = m.joint_licence(municipality=name, population=self._population[name], licence_per_citizen=fee,
                                 current_licence_cost=self._input("current_licence_cost", float(self.current.value))
                                 if self._current_touched else None)
        self.licence_result = result
        self.licence_head.value = (
            headline("headline-club", fmt_kr(result.club_cost, lang), self.w("club_cost", name=name))
            + headline("headline-licence", fmt_kr(result.saving, lang), self.w("licence_saving")))
        check = self.P.check_for(fee)
        self.check_html.value = ("<p class='scenario-note'>"
                                 f"{html.escape(page.check_sentence(check, self.w, chosen=result))}</p>")
        self.update_table()

    def update_table(self) -> None:
        if not all(hasattr(self, a) for a in ("channel", "shared_result", "licence_result")):
            return
        table = page.assumptions_table(self.assumptions(), self.lang)
        self.table_html.value = ("<div class='scenario-table'>"
                                 f"{table_html(table, self.lang, page.value_formats(table, self.lang))}</div>")

    def assumptions(self) -> tuple[m.Assumption, ...]:
        return self.channel.assumptions + self.shared_result.assumptions + self.licence_result.assumptions

    # ---------------------------------------------------------------- saving
    def params(self) -> sp.Params:
        """The scenario on screen as Params: only inputs that differ from their defaults are set."""
        values = {"lang": self.lang}
        if self.municipality.value != self.P.check_municipality_name or self.P.municipality:
            values["municipality"] = self.municipality.value
        inputs = {**self.channel_inputs(), **self.shared_inputs(),
                  "licence_per_citizen": self._input("licence_per_citizen", float(self.fee.value))}
        if self._current_touched:
            inputs["current_licence_cost"] = m.Assumption("current_licence_cost", float(self.current.value), "")
        for key, a in inputs.items():
            if a.source == m.USER_INPUT:  # the user's (given in P or moved here); sourced defaults stay None
                values[key] = a.value
        if "contacts_per_year" in values and not self.contacts_given():
            values.pop("contacts_per_year")
        if ("letter_share" in values) != ("phone_share" in values):  # shares go together
            letter, phone, _ = self.shares()
            values.update(letter_share=letter, phone_share=phone)
        for key in ("members", "start_year", "contacts_per_year"):
            if key in values:
                values[key] = int(values[key])
        return sp.Params.validate_params(values, where="dashboard")

    def on_save(self, button=None) -> None:
        problem = sp.scenario_name_problem(self.name.value)
        if problem:
            text = self.w(SAVE_PROBLEMS[problem], name=self.name.value.strip())
            self.save_status.value = f"<div class='scenario-error' role='alert'>{html.escape(text)}</div>"
            return
        try:
            path = sp.save_scenario(self.params(), self.name.value, self.params_dir)
        except WorkbenchError as exc:
            self.save_status.value = f"<div class='scenario-error' role='alert'>{html.escape(exc.format())}</div>"
            return
        shown = f"params/{path.name}"
        command = f"workbench run --params {shown} --only {REPORT.id}"
        self.save_status.value = (f"<div class='scenario-note scenario-saved' role='status'>"
                                  f"{html.escape(self.w('saved', path=shown, command=command))}</div>")


def show(P: sp.Params) -> ScenarioApp:
    """Display the live scenario controls for P (JupyterLab or Voilà); returns the app."""
    from IPython.display import display
    app = ScenarioApp(P)
    display(app.widget)
    return app
