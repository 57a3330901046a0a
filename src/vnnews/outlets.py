"""Vietnamese outlets named once: one display name per outlet, from its domain or any
of the names pages give it.

A page says its outlet in many ways ("QĐND Online", "Báo Quân đội nhân dân", the
domain "www.qdnd.vn"); the event list, the card, search and its ``source`` filter
should all say "QĐND". :func:`outlet_name` maps a ``source`` field and the article's
URL to that name:

1. a known name or alias (compared without case, diacritics, "báo", "online",
   "điện tử") is the outlet's name;
2. a domain (``source`` may be one, or the URL's host) is looked up by its registered
   part and its parents (``thethao.thanhnien.com.vn`` → ``thanhnien.com.vn``), so the
   outlet is known from the URL when the page does not say it;
3. anything else is kept as the page gave it (NFC, spaces collapsed).

The table covers the outlets of the project's corpora (VMDS, ViMs) and the large
national ones; add a line to ``DOMAINS`` (and ``ALIASES``) for another.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from urllib.parse import urlsplit

from .normalize import fold

#: registered domain -> the outlet's name, as the outlet writes it
DOMAINS: dict[str, str] = {
    "vnexpress.net": "VnExpress",
    "tuoitre.vn": "Tuổi Trẻ",
    "thanhnien.vn": "Thanh Niên",
    "thanhnien.com.vn": "Thanh Niên",
    "dantri.com.vn": "Dân trí",
    "vov.vn": "VOV",
    "vovgiaothong.vn": "VOV Giao thông",
    "vietnamplus.vn": "VietnamPlus",
    "hanoimoi.com.vn": "Hànộimới",
    "baotintuc.vn": "Tin tức",
    "tintuc.vn": "Tin tức",
    "vtv.vn": "VTV",
    "tienphong.vn": "Tiền Phong",
    "danviet.vn": "Dân Việt",
    "khampha.vn": "Khám phá",
    "qdnd.vn": "QĐND",
    "zing.vn": "Zing News",
    "zingnews.vn": "Zing News",
    "motthegioi.vn": "Một Thế giới",
    "giaoduc.net.vn": "Giáo dục Việt Nam",
    "laodong.com.vn": "Lao Động",
    "laodong.vn": "Lao Động",
    "songmoi.vn": "Sống Mới",
    "petrotimes.vn": "PetroTimes",
    "nld.com.vn": "Người Lao Động",
    "anninhthudo.vn": "An ninh Thủ đô",
    "antt.vn": "An ninh Thủ đô",
    "phapluattp.vn": "Pháp Luật TP.HCM",
    "plo.vn": "Pháp Luật TP.HCM",
    "soha.vn": "Soha",
    "cafef.vn": "CafeF",
    "cafebiz.vn": "CafeBiz",
    "infonet.vn": "Infonet",
    "baodatviet.vn": "Đất Việt",
    "vtc.vn": "VTC News",
    "cand.com.vn": "Công an nhân dân",
    "vietnamnet.vn": "VietNamNet",
    "chinhphu.vn": "Báo Chính phủ",
    "baochinhphu.vn": "Báo Chính phủ",
    "nhandan.org.vn": "Nhân Dân",
    "nhandan.com.vn": "Nhân Dân",
    "nhandan.vn": "Nhân Dân",
    "thethaovanhoa.vn": "Thể thao & Văn hóa",
    "vneconomy.vn": "VnEconomy",
    "tinnhanhchungkhoan.vn": "Đầu tư Chứng khoán",
    "kienthuc.net.vn": "Kiến thức",
    "sggp.org.vn": "Sài Gòn Giải Phóng",
    "giaothongvantai.com.vn": "Giao thông",
    "baogiaothong.vn": "Giao thông",
    "phunuonline.com.vn": "Phụ nữ TP.HCM",
    "nguoiduatin.vn": "Người Đưa Tin",
    "vnmedia.vn": "VnMedia",
    "genk.vn": "GenK",
    "ktdt.vn": "Kinh tế & Đô thị",
    "thesaigontimes.vn": "Thời báo Kinh tế Sài Gòn",
    "thethaovietnam.vn": "Thể thao Việt Nam",
    "ngoisao.net": "Ngôi Sao",
    "ngoisao.vn": "Ngôi Sao",
    "bongdaso.com": "Bongdaso",
    "tiin.vn": "Tiin",
    "ndh.vn": "NDH",
    "giaoducthoidai.vn": "Giáo dục & Thời đại",
    "phunutoday.vn": "Phụ nữ Today",
    "kenh14.vn": "Kênh 14",
    "ictnews.vn": "ICTnews",
    "bongdaplus.vn": "Bóng đá+",
    "tinhte.vn": "Tinh tế",
    "baohaiquan.vn": "Hải quan",
    "voh.com.vn": "VOH",
    "daidoanket.vn": "Đại Đoàn Kết",
    "baocongthuong.com.vn": "Công Thương",
    "dddn.com.vn": "Diễn đàn Doanh nghiệp",
    "doisongphapluat.com": "Đời sống & Pháp luật",
    "baophapluat.vn": "Pháp luật Việt Nam",
    "afamily.vn": "Afamily",
    "toquoc.gov.vn": "Tổ Quốc",
    "toquoc.vn": "Tổ Quốc",
    "cadn.com.vn": "Công an TP Đà Nẵng",
    "congan.com.vn": "Công an TP.HCM",
    "bienphong.com.vn": "Biên phòng",
    "giadinh.net.vn": "Gia đình & Xã hội",
    "24h.com.vn": "24h",
    "xaluan.com": "Xã Luận",
    "tinmoi.vn": "Tin Mới",
    "congly.vn": "Công lý",
    "congly.com.vn": "Công lý",
    "bnews.vn": "BNEWS",
    "baodautu.vn": "Báo Đầu tư",
    "eva.vn": "Eva",
    "alobacsi.com": "Alo Bác sĩ",
    "antv.gov.vn": "ANTV",
    "bbc.com": "BBC",
    "vietq.vn": "VietQ",
    "thethao247.vn": "Thể thao 247",
    "bongda24h.vn": "Bóng đá 24h",
    "thanhtra.com.vn": "Thanh tra",
    "nongnghiep.vn": "Nông nghiệp Việt Nam",
    "baoxaydung.com.vn": "Xây dựng",
    "suckhoedoisong.vn": "Sức khỏe & Đời sống",
    "vietnamfinance.vn": "VietnamFinance",
    "baodansinh.vn": "Dân sinh",
    "kinhtedothi.vn": "Kinh tế & Đô thị",
    "doanhnhansaigon.vn": "Doanh nhân Sài Gòn",
    "saigondautu.com.vn": "Sài Gòn Đầu tư Tài chính",
    "taichinhdientu.vn": "Tài chính điện tử",
    "thoibaotaichinhvietnam.vn": "Thời báo Tài chính Việt Nam",
    "tinthethao.com.vn": "Tin thể thao",
    "xahoithongtin.com.vn": "Xã hội Thông tin",
    "baodanang.vn": "Đà Nẵng",
    "baophuyen.com.vn": "Phú Yên",
    "baohoabinh.com.vn": "Hòa Bình",
    "baodongnai.com.vn": "Đồng Nai",
    "baobinhduong.vn": "Bình Dương",
}

#: other names pages give an outlet -> its name (compared by :func:`name_key`)
ALIASES: dict[str, str] = {
    "QĐND Online": "QĐND",
    "Quân đội nhân dân": "QĐND",
    "Báo Quân đội nhân dân": "QĐND",
    "Dân trí": "Dân trí",
    "Tuổi Trẻ Online": "Tuổi Trẻ",
    "TTO": "Tuổi Trẻ",
    "Thanh Niên Online": "Thanh Niên",
    "TNO": "Thanh Niên",
    "NLĐO": "Người Lao Động",
    "VnExpress.net": "VnExpress",
    "VNE": "VnExpress",
    "Vietnam+": "VietnamPlus",
    "TTXVN": "TTXVN",
    "Thông tấn xã Việt Nam": "TTXVN",
    "Zing": "Zing News",
    "Zing.vn": "Zing News",
    "Hà Nội Mới": "Hànộimới",
    "Hànộimới": "Hànộimới",
    "VTC": "VTC News",
    "VTCNews": "VTC News",
    "CAND": "Công an nhân dân",
    "Công an nhân dân": "Công an nhân dân",
    "ANTĐ": "An ninh Thủ đô",
    "PLO": "Pháp Luật TP.HCM",
    "Pháp luật TP.HCM": "Pháp Luật TP.HCM",
    "SGGP": "Sài Gòn Giải Phóng",
    "Chính phủ": "Báo Chính phủ",
    "Cổng TTĐT Chính phủ": "Báo Chính phủ",
    "Báo Giao thông": "Giao thông",
    "24H": "24h",
    "Antv": "ANTV",
    "Kênh 14": "Kênh 14",
    "Kenh14": "Kênh 14",
    "Soha": "Soha",
    "Cafef": "CafeF",
    "Infonet": "Infonet",
    "Đời Sống Pháp Luật": "Đời sống & Pháp luật",
    "Người Đưa Tin": "Người Đưa Tin",
    "Lao Động": "Lao Động",
    "Người Lao Động": "Người Lao Động",
    "Tiền Phong": "Tiền Phong",
    "Tuổi Trẻ": "Tuổi Trẻ",
    "Thanh Niên": "Thanh Niên",
    "Tin Tức": "Tin tức",
    "An Ninh Thủ Đô": "An ninh Thủ đô",
    "Tổ Quốc": "Tổ Quốc",
    "Báo Đầu Tư": "Báo Đầu tư",
    "Giáo Dục": "Giáo dục Việt Nam",
    "Nhân Dân": "Nhân Dân",
    "Eva": "Eva",
    "VOV": "VOV",
    "VOH": "VOH",
    "VTV": "VTV",
    "Báo Phú Yên": "Phú Yên",
    "Báo Hòa Bình": "Hòa Bình",
    "Tin Mới": "Tin Mới",
    "Xã Luận": "Xã Luận",
    "Alo Bác Sĩ": "Alo Bác sĩ",
    "Viet Times": "Viettimes",
    "Pháp Luật": "Pháp luật Việt Nam",
    "Công An": "Công an TP.HCM",
}

_DOMAIN = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$")
_TLDS = {"vn", "com", "net", "org", "info", "biz", "tv", "asia", "au", "fr", "uk", "us"}
_DROP = ("bao dien tu ", "bao ", "tap chi ")
_DROP_TAIL = (" online", " dien tu", " news", ".net", ".vn", ".com")


def name_key(name: str) -> str:
    """A name compared without case, diacritics, "báo", "online" and punctuation."""
    k = " ".join(re.sub(r"[^\w+&.]+", " ", fold(name)).split())
    for p in _DROP:
        if k.startswith(p) and len(k) > len(p) + 1:
            k = k[len(p):]
    for t in _DROP_TAIL:
        if k.endswith(t) and len(k) > len(t) + 1:
            k = k[: -len(t)]
    return k.replace(" ", "")


@lru_cache(maxsize=1)
def _by_key() -> dict[str, str]:
    out: dict[str, str] = {}
    for name in DOMAINS.values():
        out.setdefault(name_key(name), name)
    for alias, name in ALIASES.items():
        out[name_key(alias)] = name
    return out


def names_of(name: str) -> list[str]:
    """Every name and domain the table gives the outlet called ``name``."""
    out = [name] + [a for a, n in ALIASES.items() if n == name] + [d for d, n in DOMAINS.items() if n == name]
    return list(dict.fromkeys(out))


def host_of(url: str | None) -> str | None:
    """The lower-case host of an http(s) URL, without ``www.``; None otherwise."""
    if not url or "://" not in url:
        return None
    try:
        host = (urlsplit(url.strip()).hostname or "").lower().rstrip(".")
    except ValueError:
        return None
    return host or None


def domain_name(host: str | None) -> str | None:
    """The outlet of a host (or a parent domain of it), if the table knows it."""
    if not host:
        return None
    parts = host.lower().strip(".").split(".")
    for i in range(len(parts) - 1):
        name = DOMAINS.get(".".join(parts[i:]))
        if name:
            return name
    return None


def _looks_like_domain(s: str) -> bool:
    return bool(_DOMAIN.match(s.lower()))


def outlet_name(source: str | None, url: str | None = None) -> str | None:
    """The outlet's one name, from the ``source`` a page gave and its URL.

    >>> outlet_name("QĐND Online")
    'QĐND'
    >>> outlet_name("www.thanhnien.com.vn")
    'Thanh Niên'
    >>> outlet_name(None, "https://thethao.tuoitre.vn/a-1.htm")
    'Tuổi Trẻ'
    """
    s = " ".join(unicodedata.normalize("NFC", source or "").split())
    if s:
        if _looks_like_domain(s):
            known = domain_name(s)
            if known:
                return known
        known = _by_key().get(name_key(s))
        if known:
            return known
    host = host_of(url)
    from_url = domain_name(host)
    # a Báo Mới style aggregator URL names the outlet's domain in its path
    if host and host.endswith("baomoi.com") and url:
        segs = urlsplit(url).path.split("/")[:-1]  # the last one is the page ("12240106.epi")
        for seg in segs:
            if "." in seg and _looks_like_domain(seg) and seg.rsplit(".", 1)[1].lower() in _TLDS:
                return domain_name(seg) or (s or seg.removeprefix("www."))
        return s or None  # an aggregator's page: the outlet is not known
    if s:
        return s.removeprefix("www.") if _looks_like_domain(s) else s
    if from_url:
        return from_url
    return host.removeprefix("www.") if host else None


__all__ = ["DOMAINS", "ALIASES", "outlet_name", "names_of", "domain_name", "host_of", "name_key"]
