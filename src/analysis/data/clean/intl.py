"""Cleaners for the international comparison tables (UN, Eurostat, European Commission, OECD)."""
from __future__ import annotations

from analysis.data.clean import Cleaned, register
from analysis.data.clean.tidy import clean_tidy


@register("un_egov_egdi", "un_desa", non_negative=True)
def un_egov_egdi() -> Cleaned:
    """UN EGDI and components; value rounded to 5 dp where the printed float carries a binary artefact."""
    return clean_tidy("un_desa", "un_egov_egdi")


@register("eurostat_egov_use_individuals", "eurostat", non_negative=True)
def eurostat_egov_use_individuals() -> Cleaned:
    """Shares of individuals using e-government; ':' would become NaN with flag ':'.

    One row has '46.7 prosent' in the value column: read as 46.7, cross-checked with the printed '46,7'."""
    return clean_tidy("eurostat", "eurostat_egov_use_individuals", lenient=True)


@register("eu_egov_benchmark_2023", "european_commission", non_negative=True)
def eu_egov_benchmark_2023() -> Cleaned:
    """eGovernment Benchmark 2023 scores (0-100)."""
    return clean_tidy("european_commission", "eu_egov_benchmark_2023")


@register("oecd_digital_government_index_2023", "oecd", non_negative=True)
def oecd_digital_government_index_2023() -> Cleaned:
    """OECD DGI 2023 scores (0-1) and ranks."""
    return clean_tidy("oecd", "oecd_digital_government_index_2023")


@register("desi_egov_users", "european_commission", non_negative=True)
def desi_egov_users() -> Cleaned:
    """DESI e-Government users, % of internet users 16-74 (not Eurostat's % of individuals), data years 2017-2022."""
    return clean_tidy("european_commission", "desi_egov_users")
