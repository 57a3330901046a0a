"""Outlets named once (``vnnews.outlets``): the names and domains pages give one outlet
map to one name; the outlet is known from the URL when the page does not say it; an
unknown name is kept as given. The ingest step applies it (seed: "(Nhân dân)")."""
from __future__ import annotations

import pytest

from vnnews.model import Document
from vnnews.outlets import DOMAINS, outlet_name


@pytest.mark.parametrize("source,url,name", [
    ("QĐND Online", None, "QĐND"),
    ("QĐND", None, "QĐND"),
    ("www.qdnd.vn", None, "QĐND"),
    ("www.thanhnien.com.vn", None, "Thanh Niên"),
    ("thethao.thanhnien.com.vn", None, "Thanh Niên"),
    ("thanhnien.vn", None, "Thanh Niên"),
    ("Thanh Niên Online", None, "Thanh Niên"),
    ("Dân Trí", None, "Dân trí"),
    ("dantri.com.vn", None, "Dân trí"),
    ("kinhdoanh.vnexpress.net", None, "VnExpress"),
    ("Báo Giao Thông", None, "Giao thông"),
    (None, "https://thethao.tuoitre.vn/a-1.htm", "Tuổi Trẻ"),
    (None, "http://www.baomoi.com/Home/TheGioi/tuoitre.vn/Phe-doi-lap/12240106.epi", "Tuổi Trẻ"),
    ("", "https://vnexpress.net/x.html", "VnExpress"),
    (None, "http://www.baomoi.com/Home/TheGioi/Roi-may-bay/12232145.epi", None),  # the aggregator is no outlet
    (None, "http://www.baomoi.com/Home/KinhTe/cafef.vn/Gia-vang/12240106.epi", "CafeF"),
    ("DNTH", "https://example.org/a", "DNTH"),  # unknown: as the page gave it
    ("vn.sputniknews.com", None, "vn.sputniknews.com"),
    (None, "https://www.unknown-site.example/a", "unknown-site.example"),
    (None, None, None),
    (None, "javascript:alert(1)", None),
])
def test_outlet_name(source: str | None, url: str | None, name: str | None) -> None:
    assert outlet_name(source, url) == name


def test_every_domain_name_maps_to_itself() -> None:
    for domain, name in DOMAINS.items():
        assert outlet_name(domain) == name
        assert outlet_name(name) == name, name


def test_ingest_step_names_the_outlet() -> None:
    from vnnews.pipeline import Outlet

    _outlet = Outlet()  # the ingest pipeline's outlet step

    doc = _outlet(Document(id="a", source="QĐND Online", url="https://www.qdnd.vn/a.html",
                           original_source="Thanh Niên Online"))
    assert doc.source == "QĐND" and doc.meta["source_given"] == "QĐND Online"
    assert doc.original_source == "Thanh Niên"
    doc = _outlet(Document(id="b", source=None, url="https://dantri.com.vn/a.htm"))
    assert doc.source == "Dân trí" and "source_given" not in doc.meta
