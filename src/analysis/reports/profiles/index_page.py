"""The profiles index: a map of Denmark and one sortable, filterable table of all municipalities, linking to
every profile.

Plain HTML with a small inline script (no framework, no CDN): the map is an inline SVG whose municipalities are
links with their name and value (a tooltip on hover, read on keyboard focus), and the full table is in the page,
so it also reads without JavaScript; the script only adds sorting, filtering and the map's read-out line.
The page's words come from text.yaml in both languages; `#da` / `#en` in the address picks one (CSS only).
Works offline.
"""
from __future__ import annotations

import html
import json
from pathlib import Path

from analysis.atomic import write_text
from analysis.i18n import LANGS, Words, danish_key, fmt_kr, fmt_number

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
    write_text(target, render_index(rows, langs, source if source is not None else index_source_line(),
                                    maps={lang: index_map(rows, lang) for lang in langs}))
    return target


def index_map(rows: list[dict], lang: str) -> str:
    """The index's map in one language: every municipality coloured by its latest spend per inhabitant, a link to
    its profile with its name and value (title and aria-label), the legend and the sources below it."""
    from analysis.figures import maps
    from analysis.reports.profiles import load
    from analysis.reports.profiles.page import map_classes, map_sources

    w = Words("profiles", lang)
    values = {r["code"]: r["spend"] for r in rows}
    names = {r["code"]: r["name"] for r in rows}
    classes = map_classes(values.values(), lang)
    frame = maps.map_frame(values, names, classes)
    year = rows[0]["year"] if rows else ""
    kr = {r["code"]: fmt_kr(r["spend"], lang) for r in rows}
    desc = maps.describe_map(frame, lambda v: fmt_kr(v, lang), {
        "summary": w("map_alt", n="{n}", y=year, max_name="{max_name}", max_value="{max_value}",
                     min_name="{min_name}", min_value="{min_value}"),
        "missing": w("map_alt_missing", names="{names}")})
    svg = maps.interactive_svg(frame, load_shapes(), classes, href=lambda c: profile_href(names[c], lang, "html"),
                               label=lambda r: w("idx_map_label", name=r["name"], kr=kr.get(r["code"], "–")),
                               title=w("idx_map_title", y=year), desc=desc, legend_title=w("units"),
                               missing_label=w("map_missing"))
    for ident in ("wb-map-title", "wb-map-desc", "wb-hatch"):  # two maps on one page: ids of their own
        svg = svg.replace(ident, f"{ident}-{lang}")
    return (f'<figure class="map l-{lang}" lang="{lang}">{svg}'
            f'<p class="readout" aria-live="polite">{html.escape(w("idx_map_hint"))}</p>'
            f'<figcaption class="wb-source">{html.escape(map_sources(lang))}</figcaption></figure>')


def load_shapes():
    """The municipalities' shapes for the map (read once per process)."""
    from analysis.reports.profiles import load
    return load.shapes()


def _cell(text: str, sort_value, cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return f'<td{attr} data-sort="{html.escape(str(sort_value), quote=True)}">{text}</td>'


def _numbers(value: float, langs: tuple[str, ...]) -> str:
    """A number in each language's format, each in its own span (CSS shows the reader's)."""
    return "".join(f'<span class="l-{lang}">{fmt_number(value, lang)}</span>' for lang in langs)


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
        _cell(_numbers(row["population"], langs), row["population"], "num"),
        _cell(_numbers(row["spend"], langs), row["spend"], "num"),
        _cell(f'{row["rank"]}', row["rank"], "num"),
        _cell(html.escape(parts) if parts else "–", parts),
        _cell(links, ""),
    ]) + "</tr>"


def _both(langs: tuple[str, ...], key: str, **fields) -> str:
    """A text in every language, each in its own span; CSS shows the reader's (#da / #en)."""
    return "".join(f'<span class="l-{lang}" lang="{lang}">{html.escape(Words("profiles", lang)(key, **fields))}'
                   f'</span>' for lang in langs)


def render_index(rows: list[dict], langs: tuple[str, ...] = LANGS, source: str = "",
                 maps: dict[str, str] | None = None) -> str:
    """The index page as one self-contained HTML string (maps: the map's HTML per language, above the table)."""
    rows = sorted(rows, key=lambda r: danish_key(r["name"]))
    year = rows[0]["year"] if rows else ""
    n = rows[0]["n"] if rows else 0
    from analysis.reports.profiles.compute import short_period
    period = short_period(rows[0]["population_period"]) if rows else ""
    headers = [(_both(langs, "col_municipality"), "text"), (_both(langs, "col_region"), "text"),
               (_both(langs, "col_population", period=period), "num"),
               (_both(langs, "col_spend", y=year), "num"), (_both(langs, "col_rank", n=n), "num"),
               (_both(langs, "h_partnerships"), "text"), (_both(langs, "col_profiles"), None)]
    head = "".join(
        f'<th scope="col" data-type="{kind}"><button type="button">{label}</button></th>' if kind
        else f'<th scope="col">{label}</th>' for label, kind in headers)
    body = "\n".join(_row(r, langs) for r in rows)
    switch = " · ".join(f'<a href="#{lang}" hreflang="{lang}" lang="{lang}">'
                        f'{html.escape(Words("profiles", lang)("language_name"))}</a>' for lang in langs)
    placeholder = " · ".join(Words("profiles", lang)("idx_placeholder") for lang in langs)
    titles = " · ".join(Words("profiles", lang)("idx_title") for lang in langs)
    return _PAGE.format(head=head, body=body, script=_SCRIPT, style=_STYLE, source=html.escape(source),
                        meta=html.escape(json.dumps({"rows": len(rows), "year": year})), switch=switch,
                        title=html.escape(titles), h1=_both(langs, "idx_title"),
                        lead=_both(langs, "idx_lead", n=len(rows)), filter=_both(langs, "idx_filter"),
                        placeholder=html.escape(placeholder, quote=True), sort=_both(langs, "idx_sort"),
                        part_sources=_both(langs, "idx_partnership_sources"),
                        maps="".join((maps or {}).get(lang, "") for lang in langs))


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
nav.langs{text-align:right;font-size:.9rem}
.l-da{display:none}
#da:target .l-da{display:revert}
#da:target .l-en{display:none}
figure.map{margin:.6rem 0 1rem;max-width:640px}
figure.map figcaption{color:#5c5c5c;font-size:.8rem;margin-top:.2rem}
p.readout{min-height:1.4em;margin:.2rem 0;color:#5c5c5c;font-size:.9rem}
p.readout.on{color:#1f1f1f;font-weight:bold;font-size:1rem}
@media (max-width:600px){
#profiles th:nth-child(2),#profiles td:nth-child(2),#profiles th:nth-child(3),#profiles td:nth-child(3),
#profiles th:nth-child(6),#profiles td:nth-child(6){display:none}
table{font-size:.88rem}th,td{padding:.3rem .3rem}}
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
  Array.prototype.forEach.call(document.querySelectorAll('figure.map'),function(fig){
    var out=fig.querySelector('.readout');
    Array.prototype.forEach.call(fig.querySelectorAll('svg a'),function(a){
      function show(){out.textContent=a.getAttribute('aria-label');out.className='readout on';}
      a.addEventListener('mouseenter',show); a.addEventListener('focus',show);
    });
  });
})();
"""

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="profiles-index" content="{meta}">
<title>{title}</title>
<style>{style}</style>
</head>
<body>
<div id="da"><div id="en">
<nav class="langs">{switch}</nav>
<main>
<h1>{h1}</h1>
<p class="lead">{lead}</p>
{maps}
<p><label for="filter">{filter}</label><input id="filter" type="search"
placeholder="{placeholder}" autocomplete="off"><span id="count"
aria-live="polite"></span></p>
<div class="wrap">
<table id="profiles">
<thead><tr>{head}</tr></thead>
<tbody>
{body}
</tbody>
</table>
</div>
<footer>{sort}<br><span class="wb-source">{source}</span>. {part_sources}</footer>
</main>
</div></div>
<script>{script}</script>
</body>
</html>
"""
