"""Cleaners for Statistics Norway's ICT surveys and the Agder context tables."""
from __future__ import annotations

from analysis.data.clean import Cleaned, register
from analysis.data.clean.tidy import clean_tidy

_SSB_TABLES = [
    "ssb_ikt_it_strategy_by_county_2002", "ssb_ikt_barriers_2002", "ssb_ikt_barriers_eadmin_2004",
    "ssb_ikt_intermunicipal_cooperation_2003_2004", "ssb_ikt_internet_services_population_share_2006",
    "ssb_ikt_open_source_2005_2008", "ssb_ikt_strategy_content_areas_2004_2005", "ssb_digitalisation_barriers_2024",
    "ssb_population_agder_knutepunkt_municipalities_2003_2010",
]


@register("ssb_ikt_expenditure_2005_2006", "ssb", non_negative=True)
def ssb_ikt_expenditure_2005_2006() -> Cleaned:
    """Gross ICT expenditure in NOK 1 000 (never negative); ':' cells become NaN with flag ':'."""
    return clean_tidy("ssb", "ssb_ikt_expenditure_2005_2006")


def _ssb_cleaner(name: str):
    def clean() -> Cleaned:
        return clean_tidy("ssb", name)
    clean.__name__ = name
    clean.__doc__ = f"Statistics Norway table {name}: shares in per cent or persons; '..' and ':' flagged."
    return clean


for _name in _SSB_TABLES:
    register(_name, "ssb", non_negative=True)(_ssb_cleaner(_name))


@register("ssb_ikt_headline_figures_release_texts_2002_2018", "various", non_negative=True)
def ssb_ikt_headline_figures_release_texts_2002_2018() -> Cleaned:
    """Headline figures from SSB release texts and press (mixed primary and secondary rows)."""
    return clean_tidy("various", "ssb_ikt_headline_figures_release_texts_2002_2018")


@register("ikt_intermunicipal_cooperation_agder_figures", "various", non_negative=True, year_optional=True)
def ikt_intermunicipal_cooperation_agder_figures() -> Cleaned:
    """Agder cooperation figures; approximate words stay missing with flag 'approximate' or 'text'."""
    return clean_tidy("various", "ikt_intermunicipal_cooperation_agder_figures")


@register("ssb_public_online_services", "ssb", non_negative=True)
def ssb_public_online_services() -> Cleaned:
    """SSB use of public online services, % of population 16-79 (and 2018 by age), plus one Difi row (% of
    internet users); the by-age year 2018 is inferred (see the sidecar notes)."""
    return clean_tidy("ssb", "ssb_public_online_services")
