"""The icon font subset: every icon the portal uses is in it, and it stays small."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from fontTools.ttLib import TTFont

from spbe_portal import ikon

PERBAIKI = f"Jalankan `{ikon.PERINTAH}` dan commit berkas yang berubah."


def test_every_icon_used_is_in_the_subset_css_and_nothing_else():
    dipakai = ikon.ikon_dipakai().nama
    subset = ikon.glif_subset()

    hilang = sorted(dipakai - subset.keys())
    assert not hilang, f"Ikon dipakai tetapi tidak ada di subset: {hilang}. {PERBAIKI}"
    sisa = sorted(subset.keys() - dipakai)
    assert not sisa, f"Ikon di subset tetapi tidak dipakai lagi: {sisa}. {PERBAIKI}"


def test_the_subset_css_names_the_same_glyphs_as_the_full_font_and_the_font_has_them():
    penuh, subset = ikon.glif_penuh(), ikon.glif_subset()
    cmap = TTFont(ikon.FONT_SUBSET).getBestCmap()

    assert {n: penuh[n] for n in subset} == subset
    assert set(subset.values()) <= cmap.keys(), PERBAIKI
    assert ikon.FONT_SUBSET.name in ikon.CSS_SUBSET.read_text()


def test_the_subset_font_is_a_fraction_of_the_full_one():
    assert ikon.FONT_PENUH.stat().st_size > 100_000
    assert ikon.FONT_SUBSET.stat().st_size < 30_000


def test_only_the_sidebar_builds_an_icon_class_from_a_variable():
    # Any other `bi-{{ … }}` would use icons no scan can see.
    assert list(ikon.ikon_dipakai().dinamis) == [ikon.SIDEBAR]


def test_pages_load_the_subset_not_the_full_icon_css():
    templates = [p.read_text() for p in (settings.BASE_DIR / "templates").rglob("*.html")]

    assert not any("bootstrap-icons.min.css" in t for t in templates)
    assert any("bootstrap-icons-subset.css" in t for t in templates)


@pytest.fixture
def keluaran(tmp_path, monkeypatch):
    monkeypatch.setattr(ikon, "CSS_SUBSET", tmp_path / "ikon.css")
    monkeypatch.setattr(ikon, "FONT_SUBSET", tmp_path / "ikon.woff2")
    return tmp_path


def test_the_command_writes_a_font_and_css_holding_exactly_the_icons_used(keluaran, capsys):
    call_command("ikon_subset")

    dipakai = ikon.ikon_dipakai().nama
    penuh = ikon.glif_penuh()
    css = (keluaran / "ikon.css").read_text()
    assert set(ikon.glif_subset()) == dipakai and "GENERATED" in css and "MIT" in css
    cmap = TTFont(keluaran / "ikon.woff2").getBestCmap()
    assert set(cmap) == {penuh[n] for n in dipakai}
    assert f"{len(dipakai)} ikon ditulis" in capsys.readouterr().out


def test_an_unknown_icon_is_refused_by_name_and_nothing_is_written(keluaran, monkeypatch):
    monkeypatch.setattr(
        ikon,
        "ikon_dipakai",
        lambda: ikon.Pemakaian(nama={"house", "rumah-adat"}, dinamis={ikon.SIDEBAR: ["x"]}),
    )

    with pytest.raises(CommandError, match="Bukan ikon Bootstrap Icons: bi-rumah-adat"):
        call_command("ikon_subset")

    assert list(keluaran.iterdir()) == []


def test_an_icon_class_built_from_another_variable_is_refused(keluaran, monkeypatch):
    monkeypatch.setattr(
        ikon,
        "ikon_dipakai",
        lambda: ikon.Pemakaian(
            nama={"house"}, dinamis={ikon.SIDEBAR: ["base.html"], "status.ikon": ["a.html"]}
        ),
    )

    with pytest.raises(CommandError, match=r"bi-\{\{ status.ikon \}\} di a.html"):
        call_command("ikon_subset")

    assert list(keluaran.iterdir()) == []
