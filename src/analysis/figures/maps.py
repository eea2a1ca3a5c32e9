"""Choropleth maps of the 98 Danish municipalities: a base map drawn once and recoloured, and an accessible SVG.

    shapes = maps.Shapes.from_table(tables.load("dk_municipality_boundaries"))
    cls = maps.Classes.quantiles(values, k=5, labels_for=lambda b: [...])      # labels worded by the caller
    frame = maps.map_frame(values, names, cls, highlight="316")                # the table the map colours = its CSV
    base = maps.base_map(shapes)                                               # drawn once, reused
    fig = base.draw(frame, cls, title=..., legend_title=..., missing_label=..., source=...)

Drawn with plain matplotlib paths from the GeoJSON (no geopandas): 98 shapes in one PathCollection, projected once;
recolouring a drawn map only sets 98 face colours, so a profile pays for the map's rendering, not its building.
Bornholm sits in an inset at the scale of the main map; Christiansø is not a municipality and is not drawn.
"""
from __future__ import annotations

import html
import json
import math
import re
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.path import Path

from analysis.figures import style
from analysis.geometry import KM_X, KM_Y, LAT0, SharedSimplifier

BORNHOLM = "400"
LAYOUTS = {  # figure size (in), main map axes, Bornholm inset axes (figure fractions), legend anchor and columns
    "wide": {"size": (8.0, 6.4), "main": (0.0, 0.06, 0.64, 0.85), "inset": (0.60, 0.14, 0.11, 0.12),
             "legend": (0.70, 0.86), "loc": "upper left", "ncol": 1},
    "narrow": {"size": (5.2, 7.0), "main": (0.0, 0.22, 0.88, 0.66), "inset": (0.80, 0.27, 0.18, 0.12),
               "legend": (0.01, 0.20), "loc": "upper left", "ncol": 2},
    # a phone-friendly map with a short title, a subtitle and a long two-publisher source line (the profiles)
    "tall": {"size": (5.6, 7.8), "main": (0.0, 0.25, 0.86, 0.62), "inset": (0.79, 0.29, 0.19, 0.12),
             "legend": (0.02, 0.235), "loc": "upper left", "ncol": 2},
}
CSV_COLUMNS = ["code", "name", "value", "class", "class_label", "color", "highlighted"]


def project(lon: float, lat: float) -> tuple[float, float]:
    """Longitude/latitude to km on the map's plane (equirectangular at 56° N, true to scale in Denmark)."""
    return ((lon - 10.5) * KM_X, (lat - LAT0) * KM_Y)


def _path(geometry: Mapping) -> Path:
    """One matplotlib Path (holes included, even-odd safe by orientation) from a GeoJSON (Multi)Polygon."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    verts, codes = [], []
    for polygon in polygons:
        for ring in polygon:
            pts = [project(p[0], p[1]) for p in ring]
            verts.extend(pts)
            codes.extend([Path.MOVETO] + [Path.LINETO] * (len(pts) - 2) + [Path.CLOSEPOLY])
    return Path(np.asarray(verts, dtype=float), codes)


@dataclass(frozen=True)
class Shapes:
    """The municipalities' projected outlines, in the table's code order."""
    codes: tuple[str, ...]
    names: tuple[str, ...]
    paths: tuple[Path, ...]

    @classmethod
    def from_table(cls, df: pd.DataFrame) -> "Shapes":
        """From the processed table dk_municipality_boundaries (code, name, geometry as GeoJSON text)."""
        rows = df.sort_values("code")
        return cls(tuple(rows["code"].astype(str)), tuple(rows["name"].astype(str)),
                   tuple(_path(json.loads(g)) for g in rows["geometry"]))

    def path(self, code: str) -> Path:
        return self.paths[self.codes.index(code)]


# --- classes -------------------------------------------------------------------------------------

def _nice_step(raw: float) -> float:
    """The round step (1, 2, 2.5 or 5 times a power of ten) nearest to raw on a log scale."""
    if raw <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(raw))
    return min((m * power for m in (1, 2, 2.5, 5, 10)), key=lambda s: abs(math.log(s / raw)))


def far_limit(values: Iterable[float], k: float = 3.0) -> float:
    """Above this the values are far outliers (upper quartile plus k interquartile ranges, as the dot plot)."""
    v = pd.Series(list(values), dtype=float).dropna()
    q1, q3 = v.quantile(0.25), v.quantile(0.75)
    return float(min(v.max(), q3 + k * (q3 - q1)))


@dataclass(frozen=True)
class Classes:
    """k ordered classes: breaks b1 < … < b(k-1); class i holds b(i) <= v < b(i+1); the top class is open-ended,
    so the far outliers (the four small islands) sit in it without stretching the others."""
    breaks: tuple[float, ...]
    labels: tuple[str, ...]
    colors: tuple[str, ...]

    def __post_init__(self):
        k = len(self.breaks) + 1
        if list(self.breaks) != sorted(set(self.breaks)):
            raise ValueError(f"class breaks must rise strictly, got {list(self.breaks)}")
        if len(self.labels) != k or len(self.colors) != k:
            raise ValueError(f"{k} classes need {k} labels and colours, got {len(self.labels)} and "
                             f"{len(self.colors)}")

    @classmethod
    def make(cls, breaks: Sequence[float], labels_for: Callable[[list[float]], Sequence[str]]) -> "Classes":
        """Classes for given breaks; labels_for(breaks) words the k legend labels in the reader's language."""
        breaks = [float(b) for b in breaks]
        return cls(tuple(breaks), tuple(labels_for(breaks)), style.sequential(len(breaks) + 1))

    @classmethod
    def quantiles(cls, values: Iterable[float], k: int, labels_for: Callable[[list[float]], Sequence[str]],
                  decimals: int = 0) -> "Classes":
        """k classes of about equal size, breaks rounded to `decimals` (duplicates merged)."""
        v = pd.Series(list(values), dtype=float).dropna()
        qs = [round(float(v.quantile(i / k)), decimals) for i in range(1, k)]
        return cls.make(sorted(set(qs)), labels_for)

    @classmethod
    def rounded(cls, values: Iterable[float], k: int, labels_for: Callable[[list[float]], Sequence[str]]
                ) -> "Classes":
        """k classes with round breaks spanning the values up to the far-outlier limit (the rest in the top one)."""
        v = pd.Series(list(values), dtype=float).dropna()
        lo, hi = float(v.min()), far_limit(v)
        step = _nice_step((hi - lo) / k)
        start = math.ceil(lo / step) * step
        breaks = [start + i * step for i in range(k - 1)]
        if breaks[0] <= lo:
            breaks = [b + step for b in breaks]
        return cls.make(breaks, labels_for)

    def index(self, value: float) -> int | None:
        """The class of a value (0 = lowest), None when missing."""
        if value is None or value != value:
            return None
        return int(np.searchsorted(np.asarray(self.breaks), float(value), side="right"))


def range_labels(breaks: Sequence[float], fmt: Callable[[float], str], *, below: str, between: str,
                 above: str) -> list[str]:
    """Legend labels from worded templates, e.g. below="under {b}", between="{a}–{b}", above="{a} and more"."""
    out = [below.format(b=fmt(breaks[0]))]
    out += [between.format(a=fmt(a), b=fmt(b)) for a, b in zip(breaks, breaks[1:])]
    return out + [above.format(a=fmt(breaks[-1]))]


# --- the table a map colours ---------------------------------------------------------------------

def map_frame(values: Mapping[str, float], names: Mapping[str, str], classes: Classes,
              highlight: str | None = None) -> pd.DataFrame:
    """One row per municipality of `names` (code -> name): value (NaN when none), class, label, colour,
    highlighted. This is what the map draws and what its CSV holds."""
    rows = []
    for code in sorted(names):
        value = values.get(code, float("nan"))
        value = float("nan") if value is None else float(value)
        k = classes.index(value)
        rows.append({"code": code, "name": names[code], "value": value,
                     "class": pd.NA if k is None else k + 1,
                     "class_label": "" if k is None else classes.labels[k],
                     "color": style.MISSING_FILL if k is None else classes.colors[k],
                     "highlighted": code == highlight})
    frame = pd.DataFrame(rows, columns=CSV_COLUMNS)
    frame["class"] = frame["class"].astype("Int64")
    if highlight is not None and highlight not in names:
        raise ValueError(f"highlight {highlight!r} is not one of the map's municipality codes")
    return frame


def describe_map(frame: pd.DataFrame, fmt: Callable[[float], str], text: Mapping[str, str]) -> str:
    """Alt text from the data, worded by the caller: text["summary"] with {n}, {max_name}, {max_value},
    {min_name}, {min_value}; optional text["highlight"] ({name}, {value}, {class_label}) and text["missing"]
    ({names}, {n}) are added when they apply."""
    values, names = frame["value"].to_numpy(dtype=float), frame["name"].astype(str).to_numpy()
    have = sorted((v, n) for v, n in zip(values, names) if v == v)   # by value, then name
    parts = [text["summary"].format(n=len(have), max_name=have[-1][1], max_value=fmt(have[-1][0]),
                                    min_name=have[0][1], min_value=fmt(have[0][0]))]
    marked = np.flatnonzero(frame["highlighted"].to_numpy(dtype=bool))
    if len(marked) and "highlight" in text:
        i = int(marked[0])
        parts.append(text["highlight"].format(name=names[i], value=fmt(values[i]) if values[i] == values[i]
                                              else "–", class_label=frame["class_label"].iat[i]))
    missing = [n for v, n in zip(values, names) if v != v]
    if missing and "missing" in text:
        parts.append(text["missing"].format(names=", ".join(missing), n=len(missing)))
    return " ".join(parts)


# --- the drawn map -------------------------------------------------------------------------------

class BaseMap:
    """A figure with every municipality drawn once; draw() recolours it for one map and returns the figure.

    Reuse one BaseMap for many maps (profiles draw 196): only the colours, the outline of the highlighted
    municipality, the hatching of missing ones, the legend and the texts change.
    """

    def __init__(self, shapes: Shapes, width: str = "wide"):
        if width not in LAYOUTS:
            raise ValueError(f"width must be one of {sorted(LAYOUTS)}, got {width!r}")
        style.apply()
        lay = LAYOUTS[width]
        self.shapes, self.width = shapes, width
        self.fig = Figure(figsize=lay["size"])  # not registered with pyplot: never shown twice, closing is a no-op
        self.fig._workbench = {"width": width, "kind": "map", "svg_decimals": 1}
        self.main = self.fig.add_axes(lay["main"])
        self.inset = self.fig.add_axes(lay["inset"])
        self._where = {c: (self.inset if c == BORNHOLM else self.main) for c in shapes.codes}
        self.collections = {}
        for ax in (self.main, self.inset):
            idx = [i for i, c in enumerate(shapes.codes) if self._where[c] is ax]
            coll = PathCollection([shapes.paths[i] for i in idx], facecolors=style.MISSING_FILL,
                                  edgecolors=style.BORDER, linewidths=0.35, zorder=1)
            coll.set_in_layout(False)  # the axes box bounds the map; measuring 98 paths at every save costs
            ax.add_collection(coll)
            self.collections[ax] = (coll, [shapes.codes[i] for i in idx])
        self._limits()
        self._extra: list = []

    def _limits(self) -> None:
        """Main map and inset at one scale: the inset's box in km follows from its size on the figure."""
        main_codes = [c for c in self.shapes.codes if c != BORNHOLM]
        ext = np.vstack([self.shapes.path(c).vertices for c in main_codes])
        (x0, y0), (x1, y1) = ext.min(axis=0), ext.max(axis=0)
        w_in, h_in = (self.main.get_position().width * self.fig.get_figwidth(),
                      self.main.get_position().height * self.fig.get_figheight())
        km_per_in = max((x1 - x0) / w_in, (y1 - y0) / h_in) * 1.02
        for ax, (cx, cy) in ((self.main, ((x0 + x1) / 2, (y0 + y1) / 2)),
                             (self.inset, tuple(self.shapes.path(BORNHOLM).vertices.mean(axis=0)))):
            pos = ax.get_position()
            half_w = pos.width * self.fig.get_figwidth() * km_per_in / 2
            half_h = pos.height * self.fig.get_figheight() * km_per_in / 2
            ax.set_xlim(cx - half_w, cx + half_w)
            ax.set_ylim(cy - half_h, cy + half_h)
            ax.set_aspect("equal", adjustable="box")
            ax.set_axis_off()
        self.inset.add_patch(Rectangle((0, 0), 1, 1, transform=self.inset.transAxes, fill=False,
                                       edgecolor=style.FRAME, linewidth=0.6, clip_on=False))

    def draw(self, frame: pd.DataFrame, classes: Classes, *, title: str, legend_title: str,
             missing_label: str, source: str | None = None, subtitle: str | None = None,
             inset_label: str | None = None) -> Figure:
        """Colour the map by frame (from map_frame), outline its highlighted municipality, hatch the missing ones
        and name them in the legend; returns the (reused) figure."""
        for artist in self._extra:
            artist.remove()
        self._extra = []
        colors = dict(zip(frame["code"], frame["color"]))
        unknown = set(colors) - set(self.shapes.codes)
        if unknown:
            raise ValueError(f"codes without a shape: {sorted(unknown)}")
        missing = set(frame.loc[frame["class"].isna(), "code"]) | (set(self.shapes.codes) - set(colors))
        for ax, (coll, codes) in self.collections.items():
            coll.set_facecolors([colors.get(c, style.MISSING_FILL) for c in codes])
            gone = [self.shapes.path(c) for c in codes if c in missing]
            if gone:
                hatch = PathCollection(gone, facecolors="none", edgecolors=style.MISSING_EDGE, linewidths=0.35,
                                       hatch=style.MISSING_HATCH, zorder=2)
                hatch.set_in_layout(False)
                ax.add_collection(hatch)
                self._extra.append(hatch)
        for code in frame.loc[frame["highlighted"], "code"]:
            ax = self._where[code]
            for lw, color in ((3.2, "#ffffff"), (1.5, style.TEXT)):
                patch = PathPatch(self.shapes.path(code), facecolor="none", edgecolor=color, linewidth=lw,
                                  zorder=3, joinstyle="round")
                patch.set_in_layout(False)
                ax.add_patch(patch)
                self._extra.append(patch)
        if inset_label:
            self._extra.append(self.inset.text(0.0, 1.03, inset_label, transform=self.inset.transAxes,
                                               fontsize=8, color=style.SUBTLE, va="bottom", ha="left"))
        self._draw_legend(classes, legend_title, missing_label if missing else None)
        self.fig._workbench.pop("source_drawn", None)
        style.finish(self.fig, title=title, subtitle=subtitle, source=source)
        self.fig._workbench.update(kind="map", title=title)
        return self.fig

    def _draw_legend(self, classes: Classes, legend_title: str, missing_label: str | None) -> None:
        """A key of plain rectangles and texts (highest class on top): a matplotlib Legend would be laid out
        again at every save, which costs more than the map itself."""
        lay = LAYOUTS[self.width]
        x, y = lay["legend"]
        fig_w, fig_h = self.fig.get_size_inches()
        row, box_w, box_h = 0.27 / fig_h, 0.2 / fig_w, 0.16 / fig_h
        items = list(zip(classes.colors, classes.labels))[::-1]
        if missing_label:
            items.append((None, missing_label))
        self._extra.append(self.fig.text(x, y, legend_title, fontsize=9, color=style.TEXT, va="top", ha="left"))
        per_col = math.ceil(len(items) / lay["ncol"])
        col_w = 0.5 if lay["ncol"] > 1 else 0
        for k, (color, text) in enumerate(items):
            cx, cy = x + (k // per_col) * col_w, y - 0.3 / fig_h - (k % per_col) * row
            hatch = {"facecolor": style.MISSING_FILL, "edgecolor": style.MISSING_EDGE, "hatch": style.MISSING_HATCH} \
                if color is None else {"facecolor": color, "edgecolor": "#8c8c8c"}
            self._extra.append(self.fig.add_artist(Rectangle((cx, cy - box_h), box_w, box_h, linewidth=0.4,
                                                             transform=self.fig.transFigure, **hatch)))
            self._extra.append(self.fig.text(cx + box_w + 0.08 / fig_w, cy - box_h / 2, text, fontsize=9,
                                             color=style.TEXT, va="center", ha="left"))

    def colors_drawn(self) -> dict[str, str]:
        """code -> the face colour the map now draws (hex), read back from the drawn collections."""
        from matplotlib.colors import to_hex
        out = {}
        for coll, codes in self.collections.values():
            faces = coll.get_facecolors()
            for code, rgba in zip(codes, faces if len(faces) == len(codes) else [faces[0]] * len(codes)):
                out[code] = to_hex(rgba)
        return out

    def hatched(self) -> set[str]:
        """Codes drawn as missing (hatched) in the current map."""
        paths = [p for a in self._extra if isinstance(a, PathCollection) for p in a.get_paths()]
        return {c for c, p in zip(self.shapes.codes, self.shapes.paths) if any(p is q for q in paths)}


_PATH_DATA = re.compile(r' d="[^"]*"')


def compact_svg(content: bytes, decimals: int = 1) -> bytes:
    """The SVG with its path coordinates cut to `decimals` (matplotlib writes six): a map's SVG at a tenth of
    a point is a third smaller and looks the same."""
    cut = re.compile(r"(\.\d{%d})\d+" % decimals)  # cut, not rounded: < 0.1 pt, in C, the same for shared borders
    text = content.decode("utf-8")
    return _PATH_DATA.sub(lambda m: cut.sub(r"\1", m.group(0)), text).encode("utf-8")


@lru_cache(maxsize=4)
def _cached(shapes: Shapes, width: str) -> BaseMap:
    return BaseMap(shapes, width)


def base_map(shapes: Shapes, width: str = "wide") -> BaseMap:
    """The base map for these shapes and width, drawn once per process and reused (figures never read data:
    the caller passes the shapes, e.g. Shapes.from_table of the boundaries table its report declares)."""
    return _cached(shapes, width)


# --- an accessible, interactive SVG for HTML pages -------------------------------------------------

SVG_CSS = (
    ".wb-map a:focus{outline:none}"
    ".wb-map a path{stroke:#fff;stroke-width:.6}"
    ".wb-map a:hover path,.wb-map a:focus path{stroke:#1f1f1f;stroke-width:2;paint-order:stroke}"
    ".wb-map a:focus-visible path{stroke-width:2.6}"
    ".wb-map .wb-missing{fill:url(#wb-hatch)}"
    ".wb-map .wb-hl{fill:none;stroke:#1f1f1f;stroke-width:1.8;pointer-events:none}"
    ".wb-map text{font-family:'DejaVu Sans','Liberation Sans',Arial,sans-serif;fill:#1f1f1f}"
)


def _svg_d(path: Path, sx: Callable[[float], float], sy: Callable[[float], float]) -> str:
    """SVG path data with one decimal (a tenth of a pixel) and relative moves, small enough to embed."""
    out, prev = [], None
    for (x, y), code in zip(path.vertices, path.codes):
        if code == Path.CLOSEPOLY:
            out.append("z")
            prev = None
            continue
        px, py = round(sx(x) * 10), round(sy(y) * 10)
        if prev is None:
            out.append(f"M{px / 10:g} {py / 10:g}")
        else:
            dx, dy = px - prev[0], py - prev[1]
            if dx or dy:
                out.append(f"l{dx / 10:g} {dy / 10:g}")
        prev = (px, py)
    return "".join(out).replace(" -", "-")


@dataclass(frozen=True)
class _SvgGeometry:
    """The interactive SVG's layout and path data for one set of shapes and width: the same for every map drawn
    from them, so it is computed once per process (a profile only changes fills, labels and the outline)."""
    d: tuple[str, ...]           # path data per shape, in the shapes' code order
    pad: float
    map_h: float
    ix: float
    iy: float
    inset_w: float
    inset_h: float
    frame: tuple[float, ...]     # x0, y1, bx0, by1, scale: km -> SVG units (main map; Bornholm's inset)

    def to_svg(self, code: str, vertices: np.ndarray) -> np.ndarray:
        """A shape's vertices (km) in this SVG's units, y pointing down (Bornholm in its inset)."""
        x0, y1, bx0, by1, scale = self.frame
        if code == BORNHOLM:
            return np.column_stack([self.ix + 6 + (vertices[:, 0] - bx0) * scale,
                                    self.iy + 6 + (by1 - vertices[:, 1]) * scale])
        return np.column_stack([self.pad + (vertices[:, 0] - x0) * scale, self.pad + (y1 - vertices[:, 1]) * scale])


@lru_cache(maxsize=8)
def _svg_geometry(shapes: Shapes, width_px: int) -> _SvgGeometry:
    main_codes = [c for c in shapes.codes if c != BORNHOLM]
    ext = np.vstack([shapes.path(c).vertices for c in main_codes])
    (x0, y0), (x1, y1) = ext.min(axis=0), ext.max(axis=0)
    pad = 6.0
    bx = shapes.path(BORNHOLM).vertices
    (bx0, by0), (bx1, by1) = bx.min(axis=0), bx.max(axis=0)
    # main map and Bornholm's inset side by side at one scale, filling the width; the key below them, so that on
    # a phone (the SVG scaled to ~390 px) the map is as large as it can be and the key's 17-unit text stays ~10 px
    scale = (width_px - 3 * pad - 12) / ((x1 - x0) + (bx1 - bx0))
    map_w, map_h = (x1 - x0) * scale, (y1 - y0) * scale
    inset_w, inset_h = (bx1 - bx0) * scale + 12, (by1 - by0) * scale + 12
    ix, iy = pad + map_w + pad, pad + map_h - inset_h      # inset at the map's lower right

    def main_x(x): return pad + (x - x0) * scale
    def main_y(y): return pad + (y1 - y) * scale
    def ins_x(x): return ix + 6 + (x - bx0) * scale
    def ins_y(y): return iy + 6 + (by1 - y) * scale

    d = tuple(_svg_d(path, *((ins_x, ins_y) if code == BORNHOLM else (main_x, main_y)))
              for code, path in zip(shapes.codes, shapes.paths))
    return _SvgGeometry(d, pad, map_h, ix, iy, inset_w, inset_h, (x0, y1, bx0, by1, scale))


def _rows(frame: pd.DataFrame) -> dict[str, dict]:
    """The map's table as code -> row (a plain dict: 98 pandas Series would cost more than the SVG they make)."""
    return {str(r["code"]): r for r in frame.to_dict("records")}


def _missing(row: Mapping | None) -> bool:
    return row is None or pd.isna(row["class"])


def _highlights(frame: pd.DataFrame, shapes: Shapes, g: _SvgGeometry) -> list[str]:
    """The outline of the highlighted municipality (drawn above all others)."""
    marked = set(frame.loc[frame["highlighted"].astype(bool), "code"].astype(str))
    return [f'<path class="wb-hl" d="{d}"/>' for code, d in zip(shapes.codes, g.d) if code in marked]


def interactive_links(frame: pd.DataFrame, shapes: Shapes, *, href: Callable[[str], str],
                      label: Callable[[Mapping], str], width_px: int = 640) -> str:
    """The interactive map's municipalities: each a link with its name and value (label(row), row a dict of the
    frame's columns). They do not depend on which one is outlined, so profiles make them once per language."""
    e = html.escape
    g = _svg_geometry(shapes, width_px)
    rows = _rows(frame)
    parts = []
    for code, d in zip(shapes.codes, g.d):
        row = rows.get(code)
        text = label(row) if row is not None else code
        fill = ' class="wb-missing"' if _missing(row) else f' fill="{row["color"]}"'
        parts.append(f'<a href="{e(href(code))}" aria-label="{e(text)}"><path d="{d}"{fill}>'
                     f'<title>{e(text)}</title></path></a>')
    return "".join(parts)


def interactive_svg(frame: pd.DataFrame, shapes: Shapes, classes: Classes, *, href: Callable[[str], str] | None,
                    label: Callable[[Mapping], str] | None, title: str, desc: str, legend_title: str,
                    missing_label: str, width_px: int = 640, links: str | None = None) -> str:
    """An SVG for an HTML page: each municipality a link (<a href>) with a <title> (name and value) that shows on
    hover and is read on keyboard focus; legend included; no script, nothing loaded from the network.

    href(code) gives the link, label(row) the text for a frame row (e.g. "Holbæk: 1.234 kr."), both worded
    by the caller; or links, interactive_links made earlier for the same frame and words (then href and label
    are not used).
    """
    g = _svg_geometry(shapes, width_px)
    if links is None:
        links = interactive_links(frame, shapes, href=href, label=label, width_px=width_px)
    return _map_svg(frame, g, classes, [links] + _highlights(frame, shapes, g), title=title, desc=desc,
                    legend_title=legend_title, missing_label=missing_label, width_px=width_px, tag="wb-map")


def print_svg(frame: pd.DataFrame, shapes: Shapes, classes: Classes, *, title: str, desc: str, legend_title: str,
              missing_label: str, width_px: int = 640, raster_href: str | None = None) -> str:
    """The same map for paper (the PDF, a browser's print): the print shapes (print_shapes), the municipalities
    of one colour as one path, no links or hover titles (paper cannot use them); title, description, hatching,
    outline and key as on screen. WeasyPrint draws it in a third of the time of the interactive one.

    With raster_href (where print_raster's JPEG of this frame is saved), the municipalities are that picture and
    only the outline, Bornholm's box and the key are drawn: WeasyPrint embeds a JPEG as it is, while it parses
    every one of the fills' 2,000-odd points for each PDF (docs/performance.md has the figures)."""
    g = _svg_geometry(print_shapes(shapes), width_px)
    backdrop, body = "", []
    if raster_href is not None:  # an opaque picture: under Bornholm's box
        backdrop = (f'<image href="{html.escape(raster_href)}" x="0" y="0" width="{width_px}" '
                    f'height="{raster_pixels(g, width_px)[1] / RASTER_SCALE:g}" preserveAspectRatio="none"/>')
    else:
        rows = _rows(frame)
        fills: dict[str, list[str]] = {}
        for code, d in zip(shapes.codes, g.d):
            row = rows.get(code)
            fills.setdefault("" if _missing(row) else str(row["color"]), []).append(d)
        body = [f'<path d="{"".join(ds)}"' + (' class="wb-missing"/>' if not colour else f' fill="{colour}"/>')
                for colour, ds in fills.items()]
    return _map_svg(frame, g, classes, body + _highlights(frame, shapes, g), title=title, desc=desc,
                    legend_title=legend_title, missing_label=missing_label, width_px=width_px, tag="wb-map-print",
                    backdrop=backdrop)


RASTER_SCALE = 1.5     # pixels per SVG unit: the print map (11.5 cm for 640 units) at about 210 dpi
RASTER_QUALITY = 88    # JPEG quality, no chroma subsampling: flat colours and thin white borders stay clean


def raster_pixels(g: _SvgGeometry, width_px: int) -> tuple[int, int]:
    """The size in pixels of print_raster's picture: the part of the print map holding the map and the inset."""
    return round(width_px * RASTER_SCALE), math.ceil((g.map_h + 2 * g.pad) * RASTER_SCALE)


def print_raster(frame: pd.DataFrame, shapes: Shapes, width_px: int = 640) -> bytes:
    """The print map's municipalities as a JPEG (fills, white borders, hatching of the missing), in the
    coordinates of print_svg's SVG, to be placed by its raster_href. Drawn once per colouring and process."""
    rows = _rows(frame)
    key = tuple((code, "" if _missing(rows.get(code)) else str(rows[code]["color"])) for code in shapes.codes)
    return _raster(shapes, width_px, key)


@lru_cache(maxsize=4)
def _raster(shapes: Shapes, width_px: int, colours: tuple[tuple[str, str], ...]) -> bytes:
    import io

    paper = print_shapes(shapes)
    g = _svg_geometry(paper, width_px)
    (w, h), dpi = raster_pixels(g, width_px), 72.0
    fig = Figure(figsize=((w + 0.01) / dpi, (h + 0.01) / dpi), dpi=dpi)  # Agg cuts a fraction of a pixel off
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, w / RASTER_SCALE)
    ax.set_ylim(h / RASTER_SCALE, 0)
    ax.set_axis_off()
    border = 0.6 * RASTER_SCALE  # the SVG's white border (0.6 units), in points at 72 dpi: one point a pixel
    for (code, colour), path in zip(colours, paper.paths):
        verts = g.to_svg(code, path.vertices)
        shape = Path(verts, path.codes)
        if colour:
            ax.add_patch(PathPatch(shape, facecolor=colour, edgecolor="#ffffff", linewidth=border))
        else:  # hatched like the SVG's pattern, then the white border
            ax.add_patch(PathPatch(shape, facecolor=style.MISSING_FILL, edgecolor=style.MISSING_EDGE, linewidth=0,
                                   hatch=style.MISSING_HATCH))
            ax.add_patch(PathPatch(shape, facecolor="none", edgecolor="#ffffff", linewidth=border))
    out = io.BytesIO()  # matplotlib writes JPEG through Pillow, which it depends on
    fig.savefig(out, format="jpeg", dpi=dpi, pil_kwargs={"quality": RASTER_QUALITY, "subsampling": 0,
                                                          "optimize": True})
    return out.getvalue()


def _map_svg(frame: pd.DataFrame, g: _SvgGeometry, classes: Classes, body: list[str], *, title: str, desc: str,
             legend_title: str, missing_label: str, width_px: int, tag: str, backdrop: str = "") -> str:
    """The SVG around a map's municipalities (body, or a backdrop picture under Bornholm's box): title,
    description, styles, hatching, Bornholm's box and the key; tag is its class and the prefix of its ids, so a
    screen and a print map can share a page."""
    pad, ix, iy, inset_w, inset_h = g.pad, g.ix, g.iy, g.inset_w, g.inset_h
    hatch = "wb-hatch" if tag == "wb-map" else f"{tag}-hatch"
    items = list(zip(classes.colors, classes.labels))[::-1]
    missing = bool(frame["class"].isna().any())
    if missing:
        items.append((f"url(#{hatch})", missing_label))
    per_col = math.ceil(len(items) / 2)
    key_y = pad + g.map_h + 16
    height = key_y + 30 + per_col * 26 + pad
    e = html.escape
    css = SVG_CSS if tag == "wb-map" else _paper_css(tag, hatch)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="{tag}" viewBox="0 0 {width_px} {height:.0f}" '
             f'width="100%" role="group" aria-labelledby="{tag}-title {tag}-desc" '
             f'style="max-width:{width_px}px;height:auto">',
             f'<title id="{tag}-title">{e(title)}</title><desc id="{tag}-desc">{e(desc)}</desc>',
             f'<style>{css}</style>',
             (f'<defs><pattern id="{hatch}" width="6" height="6" patternUnits="userSpaceOnUse" '
              'patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/>'
              f'<line x1="0" y1="0" x2="0" y2="6" stroke="{style.MISSING_EDGE}" stroke-width="1.2"/></pattern></defs>'
              if missing else ""),  # the hatching only where a municipality has no figure
             backdrop, f'<rect x="{ix:.1f}" y="{iy:.1f}" width="{inset_w:.1f}" height="{inset_h:.1f}" fill="none" '
             f'stroke="{style.FRAME}" stroke-width="0.8"/>', *body]
    parts.append(f'<text x="{pad:.0f}" y="{key_y + 14:.0f}" font-size="17" font-weight="bold">{e(legend_title)}</text>')
    for k, (color, text) in enumerate(items):
        x, y = pad + (k // per_col) * width_px / 2, key_y + 28 + (k % per_col) * 26
        parts.append(f'<rect x="{x:.0f}" y="{y:.0f}" width="22" height="17" fill="{color}" stroke="#8c8c8c" '
                     f'stroke-width="0.6"/><text x="{x + 30:.0f}" y="{y + 14:.0f}" font-size="17">{e(text)}</text>')
    parts.append("</svg>")
    return "".join(parts)


@lru_cache(maxsize=8)
def _paper_css(tag: str, hatch: str) -> str:
    """SVG_CSS for paper: no links, so no hover or focus rules, and the white borders on every path."""
    rules = [r + "}" for r in SVG_CSS.split("}") if r and " a:" not in r]
    return "".join(rules).replace(".wb-map a path{", ".wb-map path{").replace(".wb-map", f".{tag}") \
        .replace("#wb-hatch", f"#{hatch}")


PRINT_TOLERANCE_KM = 2.0  # the printed map of Denmark is about 11 cm wide (~1:4,000,000): 2 km is half a millimetre


def _rings(path: Path) -> list[list[tuple[float, float]]]:
    """The closed rings of a Path made by _path (MOVETO … CLOSEPOLY, the closing vertex equal to the first)."""
    rings, ring = [], []
    for (x, y), code in zip(path.vertices.tolist(), path.codes):
        if code == Path.MOVETO:
            ring = []
        ring.append((x, y))
        if code == Path.CLOSEPOLY:
            rings.append(ring)
    return rings


def _ring_path(rings: list[list[tuple[float, float]]]) -> Path:
    verts, codes = [], []
    for ring in rings:
        verts.extend(ring)
        codes.extend([Path.MOVETO] + [Path.LINETO] * (len(ring) - 2) + [Path.CLOSEPOLY])
    return Path(np.asarray(verts, dtype=float), codes)


@lru_cache(maxsize=4)
def print_shapes(shapes: Shapes) -> Shapes:
    """The shapes simplified again for paper at PRINT_TOLERANCE_KM, each border shared by two municipalities
    simplified once (geometry.SharedSimplifier), so neighbours still meet; a ring that would collapse (an islet)
    keeps its screen outline. Computed once per process."""
    rings = {c: _rings(p) for c, p in zip(shapes.codes, shapes.paths)}
    simplifier = SharedSimplifier(rings, PRINT_TOLERANCE_KM, to_km=lambda p: p)  # the map's plane is in km
    paths = []
    for code in shapes.codes:
        kept = []
        for ring in rings[code]:
            simple = simplifier.ring(ring)
            kept.append(simple if len(simple) >= 4 else ring)
        paths.append(_ring_path(kept))
    return Shapes(shapes.codes, shapes.names, tuple(paths))


# --- small multiples: one small map per group (e.g. the members of each partnership) ---------------

OTHER_FILL = "#e4e4e4"   # municipalities outside a panel's group: light grey, so the members stand out in greyscale


@dataclass(frozen=True)
class Panel:
    """One small map: its title and subtitle, and the colour of each member (code -> colour); the rest grey."""
    title: str
    subtitle: str
    colors: Mapping[str, str]
    labels: Mapping[str, str] | None = None   # code -> hover text of a member (HTML only)


def _panel_geometry(shapes: Shapes) -> tuple[dict[str, np.ndarray], tuple[float, float, float, float]]:
    """Each municipality's vertices on a panel's plane (km), Bornholm moved next to Zealand's south-east in a
    box, and the extent (x0, y0, x1, y1) of the whole; the shapes' Path codes are unchanged."""
    main = [c for c in shapes.codes if c != BORNHOLM]
    ext = np.vstack([shapes.path(c).vertices for c in main])
    (x0, y0), (x1, y1) = ext.min(axis=0), ext.max(axis=0)
    bv = shapes.path(BORNHOLM).vertices
    shift = np.array([x1 + 12 - bv[:, 0].min(), y0 + 8 - bv[:, 1].min()])
    verts = {c: shapes.path(c).vertices for c in main}
    verts[BORNHOLM] = bv + shift
    moved = verts[BORNHOLM]
    return verts, (float(x0), float(y0), float(max(x1, moved[:, 0].max() + 6)), float(y1))


def _bornholm_box(verts: Mapping[str, np.ndarray]) -> tuple[float, float, float, float]:
    v = verts[BORNHOLM]
    return (float(v[:, 0].min() - 6), float(v[:, 1].min() - 6), float(v[:, 0].max() + 6), float(v[:, 1].max() + 6))


def panel_figure(shapes: Shapes, panels: Sequence[Panel], *, title: str, legend: Sequence[tuple[str, str]],
                 source: str | None = None, ncols: int = 3) -> Figure:
    """Small multiples for the saved SVG/PNG: one map per panel in a grid, members in their colour, the others
    grey, Bornholm boxed beside Zealand; legend (colour, label) under the title."""
    style.apply()
    verts, (x0, y0, x1, y1) = _panel_geometry(shapes)
    nrows = math.ceil(len(panels) / ncols)
    x0, y0, x1, y1 = x0 - 2, y0 - 2, x1 + 2, y1 + 2
    aspect = (y1 - y0) / (x1 - x0)
    head = 0.5                                   # inches above each small map: two title lines and a subtitle
    pw = 8.0 / ncols
    ph = (pw - 0.15) * aspect + head + 0.15
    top, bottom = 0.85, 0.5
    fig = Figure(figsize=(8.0, nrows * ph + top + bottom))
    fig._workbench = {"width": "wide", "kind": "map", "svg_decimals": 1}
    W, H = fig.get_figwidth(), fig.get_figheight()
    paths = {c: Path(verts[c], shapes.path(c).codes) for c in shapes.codes}
    bx0, by0, bx1, by1 = _bornholm_box(verts)
    chars = int(pw * 13)
    for i, panel in enumerate(panels):
        r, c = divmod(i, ncols)
        left_in, top_in = c * pw, H - top - r * ph          # the cell's top-left corner, inches from bottom-left
        ax = fig.add_axes(((left_in + 0.05) / W, (top_in - ph + 0.1) / H, (pw - 0.15) / W, (ph - head - 0.15) / H))
        coll = PathCollection([paths[k] for k in shapes.codes],
                              facecolors=[panel.colors.get(k, OTHER_FILL) for k in shapes.codes],
                              edgecolors=style.BORDER, linewidths=0.25)
        coll.set_in_layout(False)
        ax.add_collection(coll)
        ax.add_patch(Rectangle((bx0, by0), bx1 - bx0, by1 - by0, fill=False, edgecolor=style.FRAME, linewidth=0.4))
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_aspect("equal", adjustable="box")
        ax.set_axis_off()
        lines = _wrap(panel.title, chars)
        fig.text((left_in + 0.05) / W, top_in / H, "\n".join(lines), fontsize=8, fontweight="bold", va="top",
                 ha="left", color=style.TEXT, linespacing=1.15)
        fig.text((left_in + 0.05) / W, (top_in - 0.035 - 0.135 * len(lines)) / H, panel.subtitle, fontsize=7.5,
                 va="top", ha="left", color=style.SUBTLE)
    x = 0.01
    for color, text in legend:
        fig.add_artist(Rectangle((x, 1 - 0.72 / H), 0.018, 0.14 / H, transform=fig.transFigure, facecolor=color,
                                 edgecolor="#8c8c8c", linewidth=0.4))
        fig.text(x + 0.024, 1 - 0.65 / H, text, fontsize=8.5, va="center", ha="left", color=style.TEXT)
        x += 0.045 + 0.0098 * len(text)
    fig.text(0.01, 1 - 0.12 / H, title, fontsize=12, fontweight="bold", va="top", ha="left", color=style.TEXT)
    if source:
        fig.text(0.01, 0.12 / H, "\n".join(_wrap(source, 120)), fontsize=7.5, va="bottom", ha="left",
                 color=style.SUBTLE)
        fig._workbench["source_drawn"] = source
    fig._workbench["title"] = title
    return fig


def _wrap(text: str, width: int) -> list[str]:
    """text in lines of about width characters, long words kept whole (one empty line for no text)."""
    return textwrap.wrap(str(text), width, break_long_words=False) or [""]


def _tspans(lines: Sequence[str], x: float, y: float, step: float, attrs: str) -> str:
    """A <text> of several lines (one <tspan> each), first baseline at y."""
    spans = "".join(f'<tspan x="{x:.0f}" dy="{0 if i == 0 else step}">{html.escape(t)}</tspan>'
                    for i, t in enumerate(lines))
    return f'<text x="{x:.0f}" y="{y:.0f}" {attrs}>{spans}</text>'


def panels_svg(shapes: Shapes, panels: Sequence[Panel], *, title: str, desc: str,
               legend: Sequence[tuple[str, str]], ncols: int = 2, width_px: int = 520, id_prefix: str = "wb-pm"
               ) -> str:
    """Small multiples as one SVG for an HTML page: the country drawn once (<defs>) and reused in every panel,
    each panel's members on top in their colour with a <title> (hover and screen readers), wrapped panel titles
    at a size that stays ~11 px on a phone, the legend on top; no script, nothing from the network."""
    verts, (x0, y0, x1, y1) = _panel_geometry(shapes)
    gap, pad = 14.0, 4.0
    panel_w = (width_px - (ncols - 1) * gap - 2 * pad) / ncols
    scale = panel_w / (x1 - x0)
    map_h = (y1 - y0) * scale
    chars = max(12, int(panel_w / 10.2))  # ~10 units per bold character at font-size 16

    def d_of(code: str) -> str:
        path = Path(verts[code], shapes.path(code).codes)
        return _svg_d(path, lambda x: (x - x0) * scale, lambda y: (y1 - y) * scale)

    ds = {c: d_of(c) for c in shapes.codes}
    e = html.escape
    bx0, by0, bx1, by1 = _bornholm_box(verts)
    base = "".join(f'<path d="{ds[c]}"/>' for c in shapes.codes)
    legend_cols = 1 if max((len(t) for _, t in legend), default=0) * 9 + 30 > width_px / 2 else 2
    legend_h = 26 * math.ceil(len(legend) / legend_cols) + 8
    head = []
    for k, (color, text) in enumerate(legend):
        x = pad + (k % legend_cols) * width_px / 2
        y = 6 + (k // legend_cols) * 26
        head.append(f'<rect x="{x:.0f}" y="{y:.0f}" width="20" height="16" fill="{color}"/>'
                    f'<text x="{x + 27:.0f}" y="{y + 13:.0f}" font-size="16">{e(text)}</text>')
    body, y = [], legend_h + 10
    rows = [panels[i:i + ncols] for i in range(0, len(panels), ncols)]
    for row in rows:
        lines = max(len(_wrap(p.title, chars)) for p in row)
        sub_lines = max(len(_wrap(p.subtitle, int(chars * 16 / 15))) for p in row)
        block_h = lines * 19 + sub_lines * 18 + 6
        for col, panel in enumerate(row):
            x = pad + col * (panel_w + gap)
            own = _wrap(panel.title, chars)
            body.append(_tspans(own, x, y + 15, 19, 'font-size="16" font-weight="bold"'))
            body.append(_tspans(_wrap(panel.subtitle, int(chars * 16 / 15)), x, y + len(own) * 19 + 14, 18,
                                f'font-size="15" style="fill:{style.SUBTLE}"'))
            members = "".join(
                f'<path d="{ds[c]}" fill="{color}"><title>{e((panel.labels or {}).get(c, c))}</title></path>'
                for c, color in panel.colors.items() if c in ds)
            body.append(f'<g transform="translate({x:.1f} {y + block_h:.1f})">'
                        f'<use href="#{id_prefix}-base" xlink:href="#{id_prefix}-base"/>'
                        f'<rect x="{(bx0 - x0) * scale:.1f}" y="{(y1 - by1) * scale:.1f}" '
                        f'width="{(bx1 - bx0) * scale:.1f}" height="{(by1 - by0) * scale:.1f}" fill="none" '
                        f'stroke="{style.FRAME}" stroke-width="0.6"/>'
                        f'<g class="{id_prefix}-members" stroke="#fff" stroke-width="0.4">{members}</g></g>')
        y += block_h + map_h + 16
    height = y
    return (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" class="wb-map" '
            f'viewBox="0 0 {width_px} {height:.0f}" width="100%" role="img" '
            f'aria-labelledby="{id_prefix}-title {id_prefix}-desc" style="max-width:{width_px}px;height:auto">'
            f'<title id="{id_prefix}-title">{e(title)}</title><desc id="{id_prefix}-desc">{e(desc)}</desc>'
            f'<style>.wb-map text{{font-family:\'DejaVu Sans\',\'Liberation Sans\',Arial,sans-serif;fill:#1f1f1f}}'
            f'</style><defs><g id="{id_prefix}-base" fill="{OTHER_FILL}" stroke="#fff" stroke-width="0.4">'
            f'{base}</g></defs>{"".join(head)}{"".join(body)}</svg>')


PRINT_BOX_MM = (174.0, 235.0)   # the largest map that fits an A4 page of the report (width, height)


def responsive_svgs(narrow: str, wide: str, breakpoint: str = "48rem") -> str:
    """Two versions of one map for an HTML page: the narrow one on phones, the wide one on wider screens and in
    print, sized there to fit one page (WeasyPrint cannot split an SVG); only one is ever displayed, so it is read
    once."""
    w, h = (float(v) for v in re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', wide).groups())
    print_w = min(PRINT_BOX_MM[0], PRINT_BOX_MM[1] * w / h)
    css = (f".wb-map-wide{{display:none}}"
           f"@media (min-width:{breakpoint}){{.wb-map-wide{{display:block}}.wb-map-narrow{{display:none}}}}"
           "@media print{.wb-map-wide{display:block}.wb-map-narrow{display:none}"
           f".wb-map-wide svg{{width:{print_w:.0f}mm!important}}}}")
    return f'<style>{css}</style><div class="wb-map-narrow">{narrow}</div><div class="wb-map-wide">{wide}</div>'


def standalone_svg(svg: str, *, title: str, source: str) -> str:
    """A page's map SVG as a file of its own, with the title above and the source line below (as the PNG has
    them): the small multiples drawn by matplotlib would make a file ten times larger."""
    w, h = (float(v) for v in re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups())
    lines = _wrap(source, max(40, int(w / 7.5)))
    inner = svg.replace('width="100%"', f'x="0" y="40" width="{w:.0f}" height="{h:.0f}"', 1)
    foot = _tspans(lines, 4, h + 62, 17, f'font-size="13" style="fill:{style.SUBTLE}"')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
            f'viewBox="0 0 {w:.0f} {h + 50 + 17 * len(lines):.0f}" style="font-family:\'DejaVu Sans\',Arial,'
            f'sans-serif;background:#fff"><rect width="100%" height="100%" fill="#fff"/>'
            f'<text x="4" y="26" font-size="20" font-weight="bold">{html.escape(title)}</text>{inner}{foot}</svg>')
