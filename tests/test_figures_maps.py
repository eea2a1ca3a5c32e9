"""Maps: every municipality drawn once in its class's colour, missing ones hatched and named, the CSV equal to
what is drawn, the SVGs small enough to embed, the interactive SVG a set of keyboard-reachable links.

Boundaries are the real built table; the values coloured are MADE UP for the tests (labelled as such).
"""
from __future__ import annotations

import json
import math
import re
import subprocess
from types import SimpleNamespace

import pandas as pd
import pytest

from analysis.figures import export, maps, style
from analysis.i18n import fmt_number

FMT = lambda v: fmt_number(v, "da")  # noqa: E731


def words(breaks):
    return maps.range_labels(breaks, FMT, below="under {b}", between="{a}–{b}", above="{a} og derover")


@pytest.fixture(scope="module")
def shapes_and_names(built_root):
    import os
    old = os.environ.get("WORKBENCH_ROOT")
    os.environ["WORKBENCH_ROOT"] = str(built_root)
    try:
        from analysis.data import tables
        shapes = maps.Shapes.from_table(tables.load("dk_municipality_boundaries"))
        ref = tables.load("dk_municipalities")
    finally:
        if old is None:
            os.environ.pop("WORKBENCH_ROOT", None)
        else:
            os.environ["WORKBENCH_ROOT"] = old
    return shapes, dict(zip(ref["code"], ref["name"]))


def made_up_values(names):
    """MADE-UP test values: 1000 + 10 × the code's position, with Læsø (825) an extreme outlier as in the data."""
    values = {code: 1000.0 + 10 * i for i, code in enumerate(sorted(names))}
    values["825"] = 50_000.0
    return values


@pytest.fixture
def drawn(shapes_and_names):
    shapes, names = shapes_and_names
    values = made_up_values(names)
    del values["147"]  # Frederiksberg has no (made-up) figure
    classes = maps.Classes.quantiles(values.values(), 5, words, decimals=-1)
    frame = maps.map_frame(values, names, classes, highlight="316")
    base = maps.BaseMap(shapes)
    fig = base.draw(frame, classes, title="Testkort (opdigtede tal)", legend_title="kr. pr. indbygger",
                    missing_label="intet tal", source="Kilde: opdigtet", inset_label="Bornholm")
    return SimpleNamespace(shapes=shapes, names=names, values=values, classes=classes, frame=frame, base=base,
                           fig=fig)


def test_the_base_map_is_built_once_per_process_and_width(built):
    from analysis.reports.profiles import load
    shapes = load.shapes()
    assert load.shapes() is shapes and len(shapes.codes) == 98
    assert maps.base_map(shapes) is maps.base_map(shapes, "wide")
    assert maps.base_map(shapes, "narrow") is not maps.base_map(shapes)


def test_shapes_cover_exactly_the_reference_codes(shapes_and_names):
    shapes, names = shapes_and_names
    assert sorted(shapes.codes) == sorted(names) and len(set(shapes.codes)) == 98
    assert "411" not in shapes.codes


def test_three_named_municipalities_get_the_colour_of_their_class(drawn):
    colors = drawn.base.colors_drawn()
    breaks = drawn.classes.breaks
    assert len(colors) == 98
    for code in ("101", "751", "825"):  # København, Aarhus, Læsø
        v = drawn.values[code]
        expected = sum(v >= b for b in breaks)  # class i: breaks[i-1] <= v < breaks[i]
        assert colors[code] == drawn.classes.colors[expected], code
    assert colors["825"] == drawn.classes.colors[-1]  # the far outlier sits in the open top class
    assert colors["101"] == drawn.classes.colors[0]   # the lowest made-up value
    assert drawn.classes.labels[-1].endswith("og derover")


def test_a_municipality_without_a_value_is_drawn_as_missing_and_said_so(drawn):
    row = drawn.frame.set_index("code").loc["147"]
    assert pd.isna(row["value"]) and pd.isna(row["class"]) and row["class_label"] == ""
    assert drawn.base.colors_drawn()["147"] == style.MISSING_FILL
    assert drawn.base.hatched() == {"147"}
    assert "intet tal" in [t.get_text() for t in drawn.fig.texts]
    # with every value present, the legend has no missing entry and nothing is hatched
    full = made_up_values(drawn.names)
    frame = maps.map_frame(full, drawn.names, drawn.classes)
    drawn.base.draw(frame, drawn.classes, title="t", legend_title="l", missing_label="intet tal")
    assert drawn.base.hatched() == set() and "intet tal" not in [t.get_text() for t in drawn.fig.texts]
    kw = dict(title="t", desc="d", legend_title="l", missing_label="intet tal")   # nor in the SVGs, nor defined
    for svg in (maps.interactive_svg(frame, drawn.shapes, drawn.classes, href=str, label=lambda r: "x", **kw),
                maps.print_svg(frame, drawn.shapes, drawn.classes, **kw)):
        assert "<pattern" not in svg and 'class="wb-missing"' not in svg and "intet tal" not in svg


def test_the_maps_csv_is_the_table_it_colours(drawn, tmp_path):
    P = SimpleNamespace(output_dir=str(tmp_path), output_href="files", lang="da")
    colors = drawn.base.colors_drawn()
    alt = maps.describe_map(drawn.frame, FMT, {"summary": "Højest i {max_name} ({max_value} kr.), lavest i "
                                                         "{min_name} ({min_value} kr.).",
                                               "missing": "Intet tal for {names}."})
    export.publish_figure(drawn.fig, "kort", drawn.frame, title="Testkort", units="kr. pr. indbygger",
                          sources="Kilde: opdigtet", alt=alt, P=P)
    csv = pd.read_csv(tmp_path / "kort.csv", dtype={"code": str})
    assert list(csv.columns) == maps.CSV_COLUMNS
    assert len(csv) == 98
    for _, r in csv.iterrows():
        assert colors[r["code"]] == r["color"], r["code"]
        if r["code"] == "147":
            assert pd.isna(r["value"])
        else:
            assert r["value"] == drawn.values[r["code"]]
    assert csv.loc[csv["highlighted"], "code"].tolist() == ["316"]
    meta = json.loads((tmp_path / "kort.json").read_text(encoding="utf-8"))
    assert meta["alt"] == "Højest i Læsø (50.000 kr.), lavest i København (1.000 kr.). Intet tal for Frederiksberg."
    assert (tmp_path / "kort.svg").stat().st_size <= 150 * 1024


def test_redrawing_moves_the_outline_and_leaves_nothing_behind(drawn):
    n_before = len(drawn.fig.texts), len(drawn.base.main.patches)
    frame = maps.map_frame(drawn.values, drawn.names, drawn.classes, highlight="400")  # Bornholm, in the inset
    drawn.base.draw(frame, drawn.classes, title="t", legend_title="l", missing_label="intet tal",
                    inset_label="Bornholm")
    assert len(drawn.base.main.patches) == n_before[1] - 2  # Holbæk's outline (halo + line) is gone
    assert len(drawn.base.inset.patches) == 1 + 2           # the inset frame plus Bornholm's outline
    assert len(drawn.fig.texts) == n_before[0]


def test_map_svg_is_under_the_aim(drawn, tmp_path):
    content = export._save_figure(drawn.fig, tmp_path / "m.svg", "svg")
    assert len(content) <= 150 * 1024
    assert b"<path" in content and b'd="M ' in content
    # coordinates at a tenth of a point
    assert not re.search(rb'd="[^"]*\d\.\d{2}', content)


def test_interactive_svg_links_every_municipality_with_its_name_and_value(drawn):
    svg = maps.interactive_svg(drawn.frame, drawn.shapes, drawn.classes, href=lambda c: f"da/{c}.html",
                               label=lambda r: f"{r['name']}: {FMT(r['value'])} kr." if r["value"] == r["value"]
                               else f"{r['name']}: intet tal",
                               title="Kort over kommunerne", desc="Højest i Læsø", legend_title="kr. pr. indbygger",
                               missing_label="intet tal")
    assert len(svg.encode()) <= 150 * 1024
    links = re.findall(r'<a href="([^"]+)" aria-label="([^"]+)"><path d="[^"]+"[^>]*><title>([^<]+)</title>', svg)
    assert len(links) == 98
    assert {h for h, _, _ in links} == {f"da/{c}.html" for c in drawn.names}
    by_href = {h: t for h, _, t in links}
    assert by_href["da/316.html"] == f"{drawn.names['316']}: {FMT(drawn.values['316'])} kr."
    assert by_href["da/147.html"] == "Frederiksberg: intet tal"
    assert "<script" not in svg and "http://" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert 'class="wb-missing"' in svg and "intet tal" in svg.split("</a>")[-1]  # hatched and named in the key


def test_classes_open_the_top_and_refuse_a_wrong_number_of_labels():
    values = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 5000]  # made up: one far outlier
    cls = maps.Classes.rounded(values, 4, words)
    assert cls.breaks == (50, 100, 150)  # round steps over 10…242 (the far limit): the outlier stretches nothing
    assert cls.index(5000) == 3 and cls.index(float("nan")) is None
    with pytest.raises(ValueError, match="4 classes need 4 labels"):
        maps.Classes.make([1, 2, 3], lambda b: ["a", "b"])
    with pytest.raises(ValueError, match="rise strictly"):
        maps.Classes.make([3, 2, 1], lambda b: ["a", "b", "c", "d"])


def test_the_print_map_is_light_with_the_same_colours(drawn):
    """The PDF's map (maps.print_svg): no links or hover titles (paper cannot use them), one path per colour for
    the same colours as on screen, the map's title and description, the hatching, the outline and the white
    borders kept; its ids its own, so a page holding both maps has no id twice."""
    kw = dict(title="Kort over kommunerne", desc="Højest i Læsø", legend_title="kr. pr. indbygger",
              missing_label="intet tal")
    screen = maps.interactive_svg(drawn.frame, drawn.shapes, drawn.classes, href=lambda c: f"da/{c}.html",
                                  label=lambda r: str(r["name"]), **kw)
    paper = maps.print_svg(drawn.frame, drawn.shapes, drawn.classes, **kw)
    assert "<a " not in paper and paper.count("<title") == 1 and '<desc id="wb-map-print-desc">Højest i Læsø' in paper
    screen_colours = set(re.findall(r'<a [^>]*><path d="[^"]+" fill="([^"]+)"><title>', screen))
    paper_colours = re.findall(r'<path d="[^"]+" fill="([^"]+)"/>', paper)
    assert sorted(paper_colours) == sorted(screen_colours)  # each colour once
    assert set(paper_colours) == set(drawn.frame.loc[drawn.frame["class"].notna(), "color"])
    assert paper.count('class="wb-missing"') == 1 and "url(#wb-map-print-hatch)" in paper
    assert paper.count('class="wb-hl"') == screen.count('class="wb-hl"') == 1
    assert ".wb-map-print path{stroke:#fff" in paper                  # the white borders still drawn
    assert ":hover" in screen and ":hover" not in paper and ":focus" not in paper   # paper has nothing to point at
    ids = re.findall(r'\bid="([^"]+)"', screen + paper)
    assert len(ids) == len(set(ids))


def _inner_pixel(shapes, code, g, margin=4.0):
    """A pixel of print_raster well inside a municipality: a point of the print SVG at least `margin` units from
    its border in every axis direction, scaled to the picture."""
    import numpy as np
    from matplotlib.path import Path as MplPath
    paper = maps.print_shapes(shapes).path(code)
    path = MplPath(g.to_svg(code, paper.vertices), paper.codes)
    (x0, y0), (x1, y1) = path.vertices.min(axis=0), path.vertices.max(axis=0)
    grid = np.array([(x, y) for x in np.linspace(x0, x1, 40) for y in np.linspace(y0, y1, 40)])
    inside = np.ones(len(grid), bool)
    for dx, dy in ((0, 0), (margin, 0), (-margin, 0), (0, margin), (0, -margin)):
        inside &= path.contains_points(grid + (dx, dy))
    x, y = grid[np.flatnonzero(inside)[len(np.flatnonzero(inside)) // 2]]
    return int(x * maps.RASTER_SCALE), int(y * maps.RASTER_SCALE)


def test_the_print_picture_colours_each_municipality_by_its_class_and_hatches_the_missing(drawn):
    """print_raster (the profiles' PDF map): a JPEG in print_svg's coordinates; inside three large municipalities
    the colour of their class, inside one without a (made-up) value the grey hatching on white, never a class
    colour; the same colouring is drawn once."""
    import io

    from PIL import Image
    values = dict(drawn.values)
    del values["791"]  # Viborg without a figure: large enough to look inside
    frame = maps.map_frame(values, drawn.names, drawn.classes, highlight="316")
    jpeg = maps.print_raster(frame, drawn.shapes)
    assert jpeg[:2] == b"\xff\xd8" and maps.print_raster(frame, drawn.shapes) is jpeg
    image = Image.open(io.BytesIO(jpeg)).convert("RGB")
    g = maps._svg_geometry(maps.print_shapes(drawn.shapes), 640)
    assert image.size == maps.raster_pixels(g, 640) == (960, math.ceil((g.map_h + 2 * g.pad) * 1.5))

    def rgb(hex_colour):
        return tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))

    def near(a, b, tol=10):
        return all(abs(x - y) <= tol for x, y in zip(a, b))

    for code in ("760", "851", "400"):  # Ringkøbing-Skjern, Aalborg, Bornholm (in its inset)
        colour = frame.set_index("code").loc[code, "color"]
        assert near(image.getpixel(_inner_pixel(drawn.shapes, code, g)), rgb(colour)), code
    x, y = _inner_pixel(drawn.shapes, "791", g, margin=8)
    patch = {image.getpixel((x + dx, y + dy)) for dx in range(-6, 7) for dy in range(-6, 7)}
    assert any(near(c, rgb(style.MISSING_EDGE), 40) for c in patch) and any(near(c, (255, 255, 255)) for c in patch)
    assert not any(near(c, rgb(k), 6) for c in patch for k in drawn.classes.colors if k != "#ffffff")


def test_the_print_map_on_a_picture_keeps_its_outline_box_and_key_as_vectors(drawn):
    """print_svg with raster_href: the municipalities are the picture, under Bornholm's box; the outline, the
    key and the texts stay SVG (sharp, and text a screen reader and a search can read)."""
    kw = dict(title="Kort over kommunerne", desc="Højest i Læsø", legend_title="kr. pr. indbygger",
              missing_label="intet tal")
    paper = maps.print_svg(drawn.frame, drawn.shapes, drawn.classes, raster_href="x_files/map-print.jpg", **kw)
    assert paper.count("<image ") == 1 and 'href="x_files/map-print.jpg"' in paper
    assert not re.findall(r'<path d="[^"]+" fill="', paper) and paper.count('class="wb-hl"') == 1
    assert paper.index("<image ") < paper.index('<rect x=') < paper.index('class="wb-hl"')  # box over the picture
    assert "intet tal" in paper and "kr. pr. indbygger" in paper and '<desc id="wb-map-print-desc">' in paper


def test_print_shapes_have_fewer_vertices_and_neighbours_still_meet(drawn):
    """The print shapes are simplified again (PRINT_TOLERANCE_KM), each shared border once: two municipalities
    that share a border on screen still share its simplified vertices, so no sliver opens on paper; none is lost."""
    screen, paper = drawn.shapes, maps.print_shapes(drawn.shapes)
    assert paper.codes == screen.codes and maps.print_shapes(drawn.shapes) is paper  # once per process
    n_screen = sum(len(p.vertices) for p in screen.paths)
    n_paper = sum(len(p.vertices) for p in paper.paths)
    assert n_paper <= 0.6 * n_screen

    def points(path):
        return {tuple(v) for v in path.vertices.tolist()}
    kept = {c: points(p) for c, p in zip(paper.codes, paper.paths)}
    shared_pairs = 0
    for a, pa in zip(screen.codes, screen.paths):
        for b, pb in zip(screen.codes, screen.paths):
            if a < b and len(points(pa) & points(pb)) >= 2:
                shared_pairs += 1
                assert len(kept[a] & kept[b]) >= 2, f"{a} and {b} no longer meet"
    assert shared_pairs > 150  # Denmark's municipalities have many neighbours: the check ran on real borders
    for code, path in zip(paper.codes, paper.paths):
        assert len(path.vertices) >= 4, code


def test_the_pdf_prints_the_print_version_and_leaves_out_the_screen_one(tmp_path):
    from analysis.pipeline import render
    page = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title><style id="house-css">'
            '</style></head><body><div class="wb-screen-only"><p>Screenword</p></div>'
            '<div class="wb-print-only"><p>Paperword</p></div></body></html>')
    pdf = render.render_pdf(page, tmp_path / "t.pdf")  # the house-css block: render_pdf prints with the house CSS
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Paperword" in text and "Screenword" not in text
