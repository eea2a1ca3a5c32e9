"""The profiles index: one sortable, filterable table of all municipalities linking to every profile.

Plain HTML with a small inline script (no framework, no CDN): the full table is in the page, so it also
reads without JavaScript; the script only adds sorting and filtering. Works offline.
"""
from __future__ import annotations

import html
import json
from pathlib import Path

from analysis.atomic import write_text
from analysis.i18n import LANGS, danish_key, fmt_number

INDEX_NAME = "index.html"


def profile_index_rows() -> list[dict]:
    """One row per municipality from the processed tables: code, name, region, population, spend, rank, ...."""
    from analysis.reports.profiles import compute, load

    spend = load.table("spend")
    munis = load.table("municipalities")
    pops = compute.municipality_population(load.table("population")).set_index("geo_code")
    wide = compute.spend_wide(spend)
    ranks = compute.rank_table(spend)
    year = int(wide.index.max())
    dk_part, catalogue = load.table("dk_partnerships"), load.table("catalogue")
    rows = []
    for _, m in munis.iterrows():
        code = str(m["code"])
        rows.append({
            "code": code, "name": str(m["name"]), "region": str(m["region"]),
            "population": float(pops.loc[code, "population"]), "population_period": str(pops.loc[code, "period"]),
            "spend": float(wide.loc[year, code]), "rank": int(ranks.loc[year, code]), "year": year,
            "n": int(ranks.shape[1]),
            "partnerships": [p["name"] for p in compute.partnerships_of(code, str(m["name"]), dk_part, catalogue)],
        })
    return rows


PROFILES_STEP = "profiles"


def profile_href(name: str, edition: str, ext: str) -> str:
    """Link from the index to one profile file, relative to reports/profiles/index.html (the runner's layout)."""
    from analysis.layout import report_stem
    stem = report_stem(PROFILES_STEP, edition, name)
    return f"{stem.removeprefix(PROFILES_STEP + '/')}.{ext}"


def index_source_line() -> str:
    """The index's source line, from the provenance of the tables its columns come from."""
    from analysis.reports.profiles import load
    publishers = []
    for key in ("spend", "population"):
        publishers += [str(s.get("publisher") or "") for s in load.sources(key)]
    return "Sources · Kilder: " + "; ".join(dict.fromkeys(p for p in publishers if p))


def write(reports_dir: str | Path) -> Path:
    """The profiles report's extra page, written by the runner after a run that published profiles."""
    return write_profiles_index(reports_dir, profile_index_rows())


def write_profiles_index(reports_dir: str | Path, rows: list[dict], langs: tuple[str, ...] = LANGS,
                         source: str | None = None) -> Path:
    """Write reports/profiles/index.html for the given rows (source line default: from the tables); its path."""
    target = Path(reports_dir) / "profiles" / INDEX_NAME
    write_text(target, render_index(rows, langs, source if source is not None else index_source_line()))
    return target


def _cell(text: str, sort_value, cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return f'<td{attr} data-sort="{html.escape(str(sort_value), quote=True)}">{text}</td>'


def _row(row: dict, langs: tuple[str, ...]) -> str:
    name = row["name"]
    links = " ".join(
        f'<a href="{html.escape(profile_href(name, lang, "html"))}" hreflang="{lang}">{lang.upper()}</a>'
        f'&nbsp;<a class="pdf" href="{html.escape(profile_href(name, lang, "pdf"))}" hreflang="{lang}" '
        f'aria-label="PDF {lang.upper()}">PDF</a>' for lang in langs)
    parts = "; ".join(row["partnerships"])
    return "<tr>" + "".join([
        _cell(f'<a href="{html.escape(profile_href(name, langs[0], "html"))}">{html.escape(name)}</a>', name,
              "name"),
        _cell(html.escape(row["region"]), row["region"]),
        _cell(fmt_number(row["population"], "en"), row["population"], "num"),
        _cell(fmt_number(row["spend"], "en"), row["spend"], "num"),
        _cell(f'{row["rank"]}', row["rank"], "num"),
        _cell(html.escape(parts) if parts else "–", parts),
        _cell(links, ""),
    ]) + "</tr>"


def render_index(rows: list[dict], langs: tuple[str, ...] = LANGS, source: str = "") -> str:
    """The index page as one self-contained HTML string."""
    rows = sorted(rows, key=lambda r: danish_key(r["name"]))
    year = rows[0]["year"] if rows else ""
    n = rows[0]["n"] if rows else 0
    from analysis.reports.profiles.compute import short_period
    period = short_period(rows[0]["population_period"]) if rows else ""
    headers = [("Municipality · Kommune", "text"), ("Region", "text"),
               (f"Population · Indbyggere ({html.escape(period)})", "num"),
               (f"Admin. spend per inhabitant · pr. indbygger, {year} (DKK)", "num"),
               (f"Rank of {n} · Placering (1 = highest)", "num"),
               ("Partnerships · Samarbejder", "text"), ("Profiles · Profiler", None)]
    head = "".join(
        f'<th scope="col" data-type="{kind}"><button type="button">{label}</button></th>' if kind
        else f'<th scope="col">{label}</th>' for label, kind in headers)
    body = "\n".join(_row(r, langs) for r in rows)
    return _PAGE.format(head=head, body=body, count=len(rows), script=_SCRIPT, style=_STYLE, source=html.escape(source),
                        meta=html.escape(json.dumps({"rows": len(rows), "year": year})))


_STYLE = """
body{font-family:"DejaVu Sans","Liberation Sans",Arial,sans-serif;color:#1f1f1f;margin:0 auto;max-width:1200px;
padding:1rem;line-height:1.4}
h1{font-size:1.5rem;margin:.2rem 0}
p.lead{color:#5c5c5c;margin:.2rem 0 1rem}
label{font-weight:bold;margin-right:.5rem}
input[type=search]{font-size:1rem;padding:.3rem .5rem;width:min(28rem,90%);border:1px solid #8c8c8c;border-radius:3px}
#count{color:#5c5c5c;margin-left:.6rem}
.wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;margin-top:.8rem;font-size:.92rem}
th,td{padding:.3rem .5rem;border-bottom:1px solid #e6e6e6;text-align:left;vertical-align:top}
th{background:#f4f6f8;position:sticky;top:0}
th button{font:inherit;font-weight:bold;background:none;border:0;padding:0;cursor:pointer;color:#0b3a66;text-align:left}
th[aria-sort=ascending] button::after{content:" \\25B2"}
th[aria-sort=descending] button::after{content:" \\25BC"}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.name a{font-weight:bold}
a{color:#0b3a66}
a.pdf{color:#5c5c5c;font-size:.85em}
td:last-child{white-space:nowrap}
tr.hidden{display:none}
footer{color:#5c5c5c;font-size:.85rem;margin-top:1rem}
"""

_SCRIPT = """
(function(){
  var table=document.getElementById('profiles'), body=table.tBodies[0];
  var input=document.getElementById('filter'), count=document.getElementById('count');
  function norm(s){return s.toLowerCase().normalize('NFD').replace(/[\\u0300-\\u036f]/g,'')
    .replace(/\\u00e6/g,'ae').replace(/\\u00f8/g,'o').replace(/aa/g,'a')
    .replace(/[-\\u2010\\u2013]/g,' ').replace(/\\s+/g,' ');}
  function update(){
    var q=norm(input.value.trim()), shown=0;
    Array.prototype.forEach.call(body.rows,function(r){
      var hit=!q||norm(r.textContent).indexOf(q)>=0;
      r.classList.toggle('hidden',!hit); if(hit){shown++;}
    });
    count.textContent=shown+' / '+body.rows.length;
  }
  input.addEventListener('input',update);
  var heads=table.tHead.rows[0].cells;
  Array.prototype.forEach.call(heads,function(th,i){
    var b=th.querySelector('button'); if(!b){return;}
    b.addEventListener('click',function(){
      var asc=th.getAttribute('aria-sort')!=='ascending', num=th.dataset.type==='num';
      Array.prototype.forEach.call(heads,function(h){h.removeAttribute('aria-sort');});
      th.setAttribute('aria-sort',asc?'ascending':'descending');
      var rows=Array.prototype.slice.call(body.rows);
      rows.sort(function(a,b){
        var x=a.cells[i].dataset.sort, y=b.cells[i].dataset.sort;
        var c=num?(parseFloat(x)-parseFloat(y)):x.localeCompare(y,'da');
        return asc?c:-c;
      });
      rows.forEach(function(r){body.appendChild(r);});
    });
  });
  update();
})();
"""

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="profiles-index" content="{meta}">
<title>Municipality profiles · Kommuneprofiler</title>
<style>{style}</style>
</head>
<body>
<main>
<h1>Municipality profiles · Kommuneprofiler</h1>
<p class="lead">All {count} Danish municipalities: administration spend per inhabitant (REGK31 function 6.45.51,
part of administration, not IT; current prices), rank and IT partnerships, with a profile in Danish (DA) and
English (EN), as HTML and PDF. · Alle {count} kommuner med profil på dansk og engelsk.</p>
<p><label for="filter">Filter · Søg</label><input id="filter" type="search"
placeholder="name, region or partnership · navn, region eller samarbejde" autocomplete="off"><span id="count"
aria-live="polite"></span></p>
<div class="wrap">
<table id="profiles">
<thead><tr>{head}</tr></thead>
<tbody>
{body}
</tbody>
</table>
</div>
<footer>Click a column heading to sort · Klik på en overskrift for at sortere.<br>{source}. Partnerships: the
project's partnership tables, each named with its source in the profile · Samarbejder: se kilderne i profilen.</footer>
</main>
<script>{script}</script>
</body>
</html>
"""
