"""Cleaners for the Danish tables (Statistics Denmark, Benchmarkingenheden, partnerships, self-service)."""
from __future__ import annotations

from analysis.data.clean import Cleaned, register
from analysis.data.clean.crosscheck import check_population, check_regk31
from analysis.data.clean.tidy import clean_tidy


@register("dk_population", "dst", non_negative=True)
def dk_population() -> Cleaned:
    """FOLK1A / FOLK1AM population: Denmark, regions, 98 municipalities and Christiansø; every row is
    checked against the verbatim StatBank API files beside it."""
    cleaned = clean_tidy("dst", "dk_population")
    cleaned.value_checks += check_population(cleaned.df, cleaned.raw_files[1:])
    return cleaned


@register("dk_admin_it_spending", "various", non_negative=True, year_optional=True)
def dk_admin_it_spending() -> Cleaned:
    """National totals for municipal administration and IT purchases (gross amounts: never negative).

    The typical range 'mellem 1000 kr. og 1500 kr.' is split into _low and _high rows."""
    return clean_tidy("various", "dk_admin_it_spending", ranges=True)


@register("dk_it_partnerships", "various", non_negative=True, year_optional=True)
def dk_it_partnerships() -> Cleaned:
    """Partnership member rows and partnership-level counts."""
    return clean_tidy("various", "dk_it_partnerships")


@register("dk_digitalisation", "various", non_negative=True, year_optional=True)
def dk_digitalisation() -> Cleaned:
    """Digital self-service, Digital Post and channel-cost figures for Denmark."""
    return clean_tidy("various", "dk_digitalisation")


@register("dk_regk31_64551_administration", "dst")
def dk_regk31_64551_administration() -> Cleaned:
    """REGK31 6.45.51 net DKK per inhabitant; net amounts may in principle be negative, so no sign check."""
    cleaned = clean_tidy("dst", "dk_regk31_64551_administration")
    cleaned.value_checks += check_regk31(cleaned.df, cleaned.raw_files[1:])
    return cleaned
