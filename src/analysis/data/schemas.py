"""Pandera schemas for every processed table, plus cross-table reconciliation of published totals.

Failures become one DataError naming the snapshot file, its line, the column and what is valid.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd
import pandera.pandas as pa
import pycountry
from pandera.errors import SchemaError, SchemaErrors

from analysis.errors import DataError, suggest

YEAR_MIN, YEAR_MAX = 1990, 2035
CPI_YEAR_MIN = 1900  # the consumer price index runs from its base year
# Units the tables may use; a new unit is added here on purpose, never silently.
UNITS = frozenset([
    "% of individuals aged 16-74", "DKK", "DKK billion", "DKK per citizen", "DKK per contact", "DKK per inhabitant",
    "DKK per inhabitant, current prices", "DKK per year", "ICT systems per municipality", "NOK", "NOK 1 000",
    "NOK billion", "NOK per year", "NOK per year per municipality", "areas", "cases", "cooperations",
    "count (approximate)", "date", "index (0-1)", "initiatives", "jobs", "members", "membership flag",
    "million letters", "municipalities", "organisations", "per cent", "per cent of municipalities",
    "per cent of population", "per cent of those with updated ICT strategy", "percent", "percent (target)",
    "percent of applications", "percent of citizens", "percent of individuals aged 16-74", "percent of internet users",
    "percent of population", "percent of population over 15", "percent of respondents", "percent of transactions",
    "percent per year", "persons", "persons (approximate)", "programmes", "rank (of 192 UN member states)",
    "rank (of 193 UN member states)", "rank (of 33 OECD countries ranked)", "score (0-100)", "share", "year",
    # internet-user base (DESI pc_ind_ilt12; Difi): NOT the Eurostat "% of individuals aged 16-74"
    "% of individuals who used the internet in the last 12 months (aged 16-74)", "% of internet users (last 12 months)",
    # SSB survey base 16-79 and its age groups (Eurostat uses 16-74)
    "% of population aged 16-79", "% of population aged 16-24", "% of population aged 25-34",
    "% of population aged 35-44", "% of population aged 45-54", "% of population aged 55-64",
    "% of population aged 65-74", "% of population aged 75-79",
])
FLAGS = frozenset(["", ":", "..", ".", "-", "approximate", "text", "not printed"])
EU_AGGREGATES = frozenset(["EU", "EU27", "EU27_2020", "EU28", "EU27_PLUS"])
DK_NON_MUNICIPAL = {"000": "Denmark (whole country)", "411": "Christiansø (not a municipality)"}
NO_COUNTY = re.compile(r"^(0[1-9]|1[0-24-9]|20)$")          # pre-2020 county numbers 01-20 (no 13)
NO_MUNICIPALITY = re.compile(r"^(0[1-9]|1[0-24-9]|20)\d{2}$")
DATE = r"^\d{4}-\d{2}(-\d{2})?$"
ISO2 = frozenset(c.alpha_2 for c in pycountry.countries) | {"EL", "UK"}  # Eurostat writes EL and UK


@dataclass
class Context:
    """What the checks know about geography: the Danish municipality codes from the reference table."""
    dk_codes: frozenset[str] = field(default_factory=frozenset)

    def known_codes(self) -> frozenset[str]:
        return self.dk_codes | frozenset(DK_NON_MUNICIPAL) | ISO2 | EU_AGGREGATES


def geo_code_known(ctx: Context):
    known = ctx.known_codes()

    def check(s: pd.Series) -> pd.Series:
        return s.eq("") | s.isin(known) | s.str.match(NO_COUNTY.pattern) | s.str.match(NO_MUNICIPALITY.pattern)
    return check


def _str(**kw) -> pa.Column:
    return pa.Column(object, nullable=False, coerce=False, **kw)


def tidy_schema(name: str, ctx: Context, *, non_negative: bool, year_optional: bool, has_sector: bool
                ) -> pa.DataFrameSchema:
    """Tidy long table: known codes, years in range, fixed units and flags, unique keys, signs where required."""
    value_checks = [pa.Check.ge(0, error="must not be negative")] if non_negative else []
    columns = {
        "year": pa.Column("Int64", pa.Check.in_range(YEAR_MIN, YEAR_MAX, error=f"year {YEAR_MIN}-{YEAR_MAX}"),
                          nullable=year_optional),
        "geo_code": _str(checks=pa.Check(geo_code_known(ctx), error="known geography code")),
        "geography": _str(checks=pa.Check.str_length(min_value=1, error="non-empty")),
        "geo_level": _str(checks=pa.Check.str_length(min_value=1, error="non-empty")),
        "indicator": _str(checks=pa.Check.str_length(min_value=1, error="non-empty")),
        "value": pa.Column(float, checks=value_checks, nullable=True),
        "value_as_printed": _str(),
        "unit": _str(checks=pa.Check.isin(sorted(UNITS), error="a unit from analysis.data.schemas.UNITS")),
        "flag": _str(checks=pa.Check.isin(sorted(FLAGS), error="'' or a missing marker")),
        "note": _str(), "source_url": _str(), "source_title": _str(), "publisher": _str(),
        "date_accessed": _str(checks=pa.Check.str_matches(DATE, error="YYYY-MM-DD")),
        "source_id": _str(checks=pa.Check.str_length(min_value=1, error="non-empty")),
    }
    key = ["year", "geo_code", "geography", "geo_level", "indicator", "source_url"]
    if has_sector:
        columns["sector"] = _str()
        key.insert(4, "sector")
    return pa.DataFrameSchema(columns, name=name, strict=True, unique=key, report_duplicates="all",
                              checks=[pa.Check(lambda df: df["value"].notna() | df["flag"].ne(""),
                                               element_wise=False, error="missing value needs a flag")])


def dk_municipalities_schema(ctx: Context) -> pa.DataFrameSchema:
    return pa.DataFrameSchema({
        "code": _str(checks=[pa.Check.str_matches(r"^\d{3}$", error="three digits")], unique=True),
        "name": _str(unique=True), "region": _str(checks=pa.Check.str_startswith("Region ", error="Region X")),
        "population": pa.Column("Int64", pa.Check.gt(0, error="positive"), nullable=False),
        "population_period": _str(), "source_url": _str(checks=pa.Check.str_startswith("http")),
        "code_source_url": _str(checks=pa.Check.str_startswith("http")), "source_title": _str(),
        "publisher": _str(), "date_accessed": _str(checks=pa.Check.str_matches(DATE)), "licence": _str(),
        "source_id": _str(),
    }, name="dk_municipalities", strict=True)


def no_regions_schema(ctx: Context) -> pa.DataFrameSchema:
    return pa.DataFrameSchema({
        "code": _str(checks=pa.Check(lambda s: s.str.match(NO_COUNTY.pattern) | s.str.match(NO_MUNICIPALITY.pattern),
                                     error="county 01-20 (pre-2020) or 4-digit municipality"), unique=True),
        "name": _str(), "geo_level": _str(checks=pa.Check.isin(["county", "municipality"])),
        "county_code": _str(checks=pa.Check.str_matches(NO_COUNTY.pattern, error="county 01-20")),
        "county_name": _str(checks=pa.Check.str_length(min_value=1, error="a county the data names")),
        "name_variants": _str(), "tables": _str(), "source_url": _str(), "source_title": _str(), "publisher": _str(),
        "date_accessed": _str(), "source_id": _str(),
    }, name="no_regions", strict=True)


def dk_municipality_boundaries_schema(ctx: Context) -> pa.DataFrameSchema:
    """One shape per municipality: every code of dk_municipalities exactly once, a non-empty MultiPolygon."""
    count = pa.Column("Int64", pa.Check.gt(0, error="positive"), nullable=False)
    lon = pa.Column(float, pa.Check.in_range(7.5, 15.5, error="a longitude in Denmark"))
    lat = pa.Column(float, pa.Check.in_range(54.4, 57.9, error="a latitude in Denmark"))
    return pa.DataFrameSchema({
        "code": _str(checks=pa.Check.isin(sorted(ctx.dk_codes), error="a code of dk_municipalities"), unique=True),
        "name": _str(checks=pa.Check.str_length(min_value=1, error="non-empty")),
        "geometry": _str(checks=pa.Check.str_startswith('{"type":"MultiPolygon","coordinates":[[[[',
                                                        error="a GeoJSON MultiPolygon")),
        "parts": count, "vertices": count, "parts_published": count, "vertices_published": count,
        "area_km2": pa.Column(float, pa.Check.gt(0, error="positive")),
        "min_lon": lon, "min_lat": lat, "max_lon": lon, "max_lat": lat,
        "generalisation": _str(), "source_url": _str(checks=pa.Check.str_startswith("http")), "source_title": _str(),
        "publisher": _str(), "date_accessed": _str(checks=pa.Check.str_matches(DATE)), "licence": _str(),
        "attribution": _str(checks=pa.Check.str_startswith("Indeholder data fra", error="the credit the terms ask")),
        "source_id": _str(checks=pa.Check.str_startswith("data/raw/", error="a raw file")),
    }, name="dk_municipality_boundaries", strict=True,
        checks=[pa.Check(lambda df: len(df) == len(ctx.dk_codes), element_wise=False,
                         error=f"one row for each of the {len(ctx.dk_codes)} municipality codes")])


def dk_municipality_groups_schema(ctx: Context) -> pa.DataFrameSchema:
    """Statistics Denmark's municipality groups: every code of dk_municipalities exactly once, a group 1-5."""
    return pa.DataFrameSchema({
        "code": _str(checks=pa.Check.isin(sorted(ctx.dk_codes), error="a code of dk_municipalities"), unique=True),
        "name": _str(checks=pa.Check.str_length(min_value=1, error="non-empty")),
        "group": pa.Column("Int64", pa.Check.in_range(1, 5, error="a group 1-5"), nullable=False),
        "group_name": _str(checks=pa.Check.str_length(min_value=1, error="non-empty")),
        "classification": _str(), "source_url": _str(checks=pa.Check.str_startswith("http")), "source_title": _str(),
        "publisher": _str(), "date_accessed": _str(checks=pa.Check.str_matches(DATE)), "licence": _str(),
        "source_id": _str(checks=pa.Check.str_startswith("data/raw/", error="a raw file")),
    }, name="dk_municipality_groups", strict=True,
        checks=[pa.Check(lambda df: len(df) == len(ctx.dk_codes), element_wise=False,
                         error=f"one row for each of the {len(ctx.dk_codes)} municipality codes"),
                pa.Check(lambda df: df.groupby("group")["group_name"].nunique().le(1).all(), element_wise=False,
                         error="one name per group")])


def dk_cpi_annual_schema(ctx: Context) -> pa.DataFrameSchema:
    """Statistics Denmark's annual consumer price index (PRIS8): one row per year from 1900, a positive index value
    for the whole country, base 1900 = 100."""
    return pa.DataFrameSchema({
        "year": pa.Column("Int64", pa.Check.in_range(CPI_YEAR_MIN, YEAR_MAX, error=f"year {CPI_YEAR_MIN}-{YEAR_MAX}"),
                          nullable=False, unique=True),
        "geo_code": _str(checks=pa.Check.isin(["000"], error="000 (Denmark)")),
        "geography": _str(), "geo_level": _str(checks=pa.Check.isin(["country"], error="country")),
        "indicator": _str(checks=pa.Check.str_length(min_value=1, error="non-empty")),
        "value": pa.Column(float, pa.Check.gt(0, error="a positive index value"), nullable=False),
        "value_as_printed": _str(checks=pa.Check.str_matches(r"^\d+$", error="whole index points as printed")),
        "unit": _str(checks=pa.Check.isin(["index (1900=100)"], error="index (1900=100)")),
        "flag": _str(checks=pa.Check.isin([""], error="no missing values")),
        "note": _str(), "source_url": _str(checks=pa.Check.str_startswith("http")), "source_title": _str(),
        "publisher": _str(), "date_accessed": _str(checks=pa.Check.str_matches(DATE, error="YYYY-MM-DD")),
        "source_id": _str(checks=pa.Check.str_startswith("data/raw/", error="a raw file")),
    }, name="dk_cpi_annual", strict=True,
        checks=[pa.Check(lambda df: (df["value"] == df["value_as_printed"].astype(float)).all(), element_wise=False,
                         error="value equals the printed index"),
                pa.Check(lambda df: len(df) == int(df["year"].max()) - int(df["year"].min()) + 1, element_wise=False,
                         error="every year between the first and the last")])


def _year(nullable=True) -> pa.Column:
    return pa.Column("Int64", pa.Check.in_range(YEAR_MIN, YEAR_MAX, error=f"year {YEAR_MIN}-{YEAR_MAX}"),
                     nullable=nullable)


def catalogue_schema(kind: str, ctx: Context) -> pa.DataFrameSchema:
    """Catalogue tables: unique ids, years in range, countries DK/NO, every row with a source."""
    country = _str(checks=pa.Check.isin(["DK", "NO"], error="DK or NO"))
    source = {"source_title": _str(checks=pa.Check.str_length(min_value=1, error="a source title")),
              "publisher": _str(checks=pa.Check.str_length(min_value=1, error="a publisher")),
              "source_url": _str(), "date_accessed": _str(checks=pa.Check.str_matches(DATE)), "source_id": _str()}
    if kind == "catalogue_facts":
        cols = {"fact_id": _str(unique=True), "topic": _str(), "country": country, "entity": _str(),
                "entity_type": _str(), "year": _year(), "indicator": _str(),
                "value": pa.Column(float, nullable=True),
                "unit": _str(checks=pa.Check.isin(sorted(UNITS | {""}), error="a unit from schemas.UNITS")),
                "value_as_printed": _str(), "flag": _str(checks=pa.Check.isin(sorted(FLAGS))), "note": _str(),
                "published": _str(), **source}
    elif kind == "catalogue_partnerships":
        cols = {"partnership_id": _str(unique=True), "name": _str(), "country": country, "members": _str(),
                "member_count": pa.Column("Int64", pa.Check.ge(1), nullable=True),
                "members_named": pa.Column("Int64", pa.Check.ge(0)), "since": _year(), "scope": _str(),
                "note": _str(), "published": _str(), **source}
    elif kind == "catalogue_partnership_members":
        cols = {"partnership_id": _str(), "partnership": _str(), "country": country, "member": _str(),
                "municipality_code": _str(checks=pa.Check(geo_code_known(ctx), error="known municipality code")),
                "member_status": _str(), **source}
        return pa.DataFrameSchema(cols, name=kind, strict=True, unique=["partnership_id", "member"])
    else:
        cols = {"initiative_id": _str(unique=True), "country": country, "name": _str(), "start_year": _year(),
                "end_year": _year(), "summary": _str(), "published": _str(), **source}
    return pa.DataFrameSchema(cols, name=kind, strict=True)


def schema_for(name: str, kind: str, ctx: Context, df: pd.DataFrame, *, non_negative=False, year_optional=False):
    if kind == "tidy":
        return tidy_schema(name, ctx, non_negative=non_negative, year_optional=year_optional,
                           has_sector="sector" in df.columns)
    if kind == "dk_municipalities":
        return dk_municipalities_schema(ctx)
    if kind == "no_regions":
        return no_regions_schema(ctx)
    if kind == "dk_municipality_boundaries":
        return dk_municipality_boundaries_schema(ctx)
    if kind == "dk_municipality_groups":
        return dk_municipality_groups_schema(ctx)
    if kind == "dk_cpi_annual":
        return dk_cpi_annual_schema(ctx)
    return catalogue_schema(kind, ctx)


def validate(name: str, kind: str, df: pd.DataFrame, ctx: Context, **options) -> pd.DataFrame:
    """Validate a table; the first failure is raised as a DataError naming the snapshot file, line and column."""
    schema = schema_for(name, kind, ctx, df, **options)
    try:
        return schema.validate(df, lazy=True)
    except SchemaErrors as exc:
        raise _to_data_error(name, df, exc.failure_cases, schema) from None
    except SchemaError as exc:  # non-lazy failures (e.g. a column of the wrong type)
        raise DataError(f"table {name}: {exc}", valid="see docs/data.md for the table's columns") from None


def _plain(value):
    """A numpy scalar as its Python value (so messages read 1890, not np.int64(1890))."""
    return value.item() if hasattr(value, "item") else value


def _where(df: pd.DataFrame, index) -> tuple[str | None, int | None]:
    """The snapshot file and line of a table row, from its source_id."""
    if index is None or pd.isna(index) or "source_id" not in df.columns or int(index) not in df.index:
        return None, None
    file, _, rest = str(df.loc[int(index), "source_id"]).partition("#row=")
    return file, int(rest) if rest.isdigit() else None


VALID_HINTS = {
    "year": f"a year from {YEAR_MIN} to {YEAR_MAX}",
    "value": "a value ≥ 0 (gross expenditure, counts, shares and indices cannot be negative)",
    "geo_code": "a Danish municipality code (3 digits, 000 Denmark, 411 Christiansø), a Norwegian county (01-20) or "
                "municipality number, an ISO 3166 alpha-2 code or an EU aggregate (EU27_2020, EU28, …)",
}


def _to_data_error(name: str, df: pd.DataFrame, cases: pd.DataFrame, schema) -> DataError:
    case = cases.iloc[0]
    column = None if pd.isna(case.get("column")) else str(case.get("column"))
    check = str(case.get("check"))
    failing = _plain(case.get("failure_case"))
    file, row = _where(df, case.get("index"))
    file = file or name
    if "uniqueness" in check:
        keys = list(schema.unique or [column])
        idx = [int(i) for i in cases["index"].dropna().unique()]
        lines = sorted({_where(df, i)[1] for i in idx} - {None})
        key = ", ".join(f"{k} {_plain(df.loc[idx[0], k])!r}" for k in keys if k in df.columns) if idx else ""
        return DataError(f"duplicate key ({key}) in rows {', '.join(map(str, lines))} of table {name}",
                         file=file, row=lines[0] if lines else row, valid="one row per " + ", ".join(keys))
    if check.startswith("column_in_dataframe"):
        return DataError(f"missing column {failing!r} in table {name}", file=file, column=str(failing),
                         valid="the columns of the table's schema")
    if column == schema.name and isinstance(failing, bool):  # a whole-table check (one verdict, no row)
        return DataError(f"table {name} fails the check '{check}' ({len(df)} rows)", file=file, valid=check)
    count = len(cases)
    more = f" ({count - 1} more failing cells in table {name})" if count > 1 else ""
    if column == "unit":
        hint = suggest(str(failing), sorted(UNITS))
        return DataError(f"unit {failing!r} is not allowed{hint}{more}", file=file, row=row, column=column,
                         valid="a unit listed in analysis.data.schemas.UNITS (add a new unit there on purpose)")
    valid = VALID_HINTS.get(column or "", check)
    return DataError(f"{failing!r} fails the check '{check}'{more}", file=file, row=row, column=column,
                     valid=valid)


def reconcile_population(population: pd.DataFrame, municipalities: pd.DataFrame) -> list[str]:
    """Published totals against their parts: for every year the 98 municipalities plus the non-municipal
    areas (Christiansø) equal the country total; the reference's 98 populations equal FOLK1A for their period."""
    problems = []
    for year, part in population.groupby("year"):
        country = part.loc[part.geo_level == "country", "value"]
        munis = part.loc[part.geo_level == "municipality", "value"]
        other = part.loc[part.geo_level.str.startswith("other"), "value"]
        if len(country) != 1:
            problems.append(f"dk_population {year}: {len(country)} country rows (expected 1)")
            continue
        if len(munis) != 98:
            problems.append(f"dk_population {year}: {len(munis)} municipality rows (expected 98)")
        if munis.sum() + other.sum() != country.iloc[0]:
            problems.append(f"dk_population {year}: municipalities {munis.sum():.0f} + non-municipal areas "
                            f"{other.sum():.0f} != country total {country.iloc[0]:.0f}")
    ref_year = _reference_year(municipalities)
    if ref_year is not None:
        part = population[(population.year == ref_year) & (population.geo_level == "municipality")]
        joined = municipalities.merge(part[["geo_code", "value"]], left_on="code", right_on="geo_code", how="left")
        for _, r in joined[joined["value"].isna() | (joined["value"] != joined["population"])].iterrows():
            problems.append(f"dk_municipalities {r['code']} {r['name']}: population {r['population']} but "
                            f"dk_population {ref_year} has {r['value']}")
    return problems


def _reference_year(municipalities: pd.DataFrame) -> int | None:
    periods = municipalities["population_period"].str.extract(r"^(\d{4})Q1")[0].dropna().unique()
    return int(periods[0]) if len(periods) == 1 else None
