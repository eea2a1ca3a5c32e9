"""The profiles' comparison as the dashboard shows it (reports/profiles/widgets.py), in-process: choosing compare
municipalities changes the computed lines and the sentences; a misspelled name is one line with suggestions in the
reader's language and leaves the last comparison in place."""
from __future__ import annotations

import pytest

from analysis.reports.profiles import compute, load, page
from analysis.reports.profiles.params import Params


@pytest.fixture
def app(built):
    from analysis.reports.profiles.widgets import CompareApp
    return CompareApp("en", "Holbæk")


def expected_compare(names: list[str]):
    """The compare line computed straight from the processed spend table (the mean of the chosen ones)."""
    codes = [str(load.lookup(n)["code"]) for n in names]
    return compute.mean_series(load.table("spend"), codes)


def test_choosing_municipalities_adds_the_compare_line_and_names_them(app):
    assert "compare" not in set(app.data["series"])
    before = app.data.copy()
    app.compare.value = "Roskilde, 259"                      # a name and a code (Køge)
    assert app.message.value == ""
    compare = app.data[app.data["series"] == "compare"].set_index("year")["value"]
    want = expected_compare(["Roskilde", "Køge"])
    assert compare.round(6).to_dict() == want.loc[compare.index].round(6).to_dict()
    assert app.data[app.data["series"] == "compare"]["label"].unique().tolist() == ["Chosen municipalities (2)"]
    others = app.data[app.data["series"] != "compare"].reset_index(drop=True)
    assert others.equals(before.reset_index(drop=True))      # the other lines stay what they were
    assert "Roskilde (DKK" in app.text.value and "Køge (DKK" in app.text.value
    P = Params.validate_params({"municipality": "Holbæk", "compare": "Roskilde,Køge"}).derive()
    assert page.compare_text(page.Page(P)) in app.text.value   # the report's own sentence
    assert 'alt="Line chart' in app.chart.value and "Chosen municipalities (2)" in app.chart.value

    app.compare.value = "Roskilde"
    one = app.data[app.data["series"] == "compare"]
    assert one["label"].unique().tolist() == ["Roskilde"]
    assert one.set_index("year")["value"].round(6).to_dict() == \
        expected_compare(["Roskilde"]).loc[one["year"]].round(6).to_dict()

    app.municipality.value = "Aarhus"
    assert "Aarhus spent, net," in app.text.value
    assert "Roskilde" in app.text.value


def test_a_misspelled_name_is_one_line_with_suggestions_and_keeps_the_last_comparison(app):
    app.compare.value = "Roskilde"
    shown = app.text.value, app.chart.value
    app.compare.value = "Roskilde, Kgoe"
    msg = app.message.value
    assert "scenario-error" in msg and "role='alert'" in msg
    text = msg.split(">", 1)[1].rsplit("<", 1)[0]
    assert "\n" not in text and "Traceback" not in text
    assert text.startswith("“Kgoe” is neither the name nor the code of a Danish municipality. Did you mean Køge")
    assert (app.text.value, app.chart.value) == shown
    app.compare.value = "Roskilde, Køge"
    assert app.message.value == ""


def test_the_danish_view_speaks_danish(built):
    from analysis.reports.profiles.widgets import CompareApp, MAX_COMPARE
    app = CompareApp("da", "Holbæk", "Kgoe")
    assert "»Kgoe« er hverken navnet eller koden på en dansk kommune. Mente du Køge" in app.message.value
    assert "eller" in app.message.value
    app.compare.value = "Xyzzy"
    assert "Skriv et navn som Albertslund eller en kode som 165" in app.message.value  # Danish order: Aa- last
    assert app.compare.placeholder == "fx Albertslund, Allerød eller 165, 201"
    app.compare.value = ", ".join(load.all_municipalities()[:MAX_COMPARE + 1])
    assert f"højst {MAX_COMPARE} kommuner" in app.message.value
    app.compare.value = "Roskilde"
    assert app.message.value == "" and "Til sammenligning brugte Roskilde" in app.text.value
    assert app.municipality.description == "Kommune" and app.button.description == "Vis sammenligning"


def test_opened_with_a_misspelled_name_it_shows_the_profile_without_the_comparison_and_says_why(built):
    from analysis.reports.profiles.widgets import CompareApp
    app = CompareApp("en", "Holbæk", "Roskilde,Kgoe")
    assert "Did you mean Køge" in app.message.value
    assert "compare" not in set(app.data["series"]) and "Holbæk spent, net," in app.text.value
