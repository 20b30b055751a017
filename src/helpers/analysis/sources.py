"""Where documents come from: one name per outlet, the kind of source, per-document date, week, outlet and group."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pandas as pd

from helpers.load.language import UNSPACED, count_words, language_code

OFFICIAL_GROUPS = {"kremlin.ru": "Kremlin texts", "fmprc.gov.cn": "MFA briefings"}
HEADLINES_GROUP = "news headlines (RSS)"
OTHER_GROUP = "other texts"
GROUP_ORDER = ["Kremlin texts", "MFA briefings", HEADLINES_GROUP, OTHER_GROUP]
UNKNOWN_OUTLET = "(outlet unknown)"
# A document whose language was neither given nor detected.
UNKNOWN_LANGUAGE = "unknown"

# One name per outlet, keyed by web domain: the same outlet appears under several spellings
# ("www.theguardian.com", "The Guardian - World") in RSS feeds; the link's domain settles it.
OUTLET_NAMES = {
    "kremlin.ru": "Kremlin", "fmprc.gov.cn": "PRC Ministry of Foreign Affairs",
    "theguardian.com": "The Guardian", "bloomberg.com": "Bloomberg", "thehill.com": "The Hill",
    "ft.com": "Financial Times", "foxnews.com": "Fox News", "msn.com": "MSN", "theepochtimes.com": "The Epoch Times",
    "nytimes.com": "The New York Times", "aljazeera.com": "Al Jazeera", "wsj.com": "The Wall Street Journal",
    "dj.com": "The Wall Street Journal", "createsend.com": "The Wall Street Journal",
    "dailymail.co.uk": "Daily Mail", "washingtonpost.com": "The Washington Post", "lemonde.fr": "Le Monde",
    "rt.com": "RT", "cnn.com": "CNN", "nbcnews.com": "NBC News", "scmp.com": "South China Morning Post",
    "abcnews.go.com": "ABC News", "go.com": "ABC News", "cnbc.com": "CNBC", "npr.org": "NPR",
    "engadget.com": "Engadget", "dailywire.com": "The Daily Wire", "louderwithcrowder.com": "Louder with Crowder",
    "sky.com": "Sky News", "skynews.com": "Sky News", "bbc.co.uk": "BBC", "bbc.com": "BBC", "bbci.co.uk": "BBC",
    "indiatimes.com": "Times of India", "themoscowtimes.com": "The Moscow Times", "reuters.com": "Reuters",
    "gulf-insider.com": "Gulf Insider", "japantoday.com": "Japan Today", "forbes.com": "Forbes", "time.com": "TIME",
    "channelnewsasia.com": "CNA", "politico.eu": "Politico", "politico.com": "Politico", "youtube.com": "YouTube",
    "newsweek.com": "Newsweek", "telegraph.co.uk": "The Telegraph", "arabnews.com": "Arab News",
    "pakobserver.net": "Pakistan Observer", "batimes.com.ar": "Buenos Aires Times", "theverge.com": "The Verge",
    "arstechnica.com": "Ars Technica", "cbc.ca": "CBC", "xinhuanet.com": "Xinhua", "news.cn": "Xinhua",
    "globaltimes.cn": "Global Times", "chinadaily.com.cn": "China Daily", "tass.com": "TASS",
}


def domain(url) -> str | None:
    """The web domain of a link without 'www.' ('www.ft.com/x' -> 'ft.com'), or None."""
    if not isinstance(url, str) or not url.strip():
        return None
    text = url.strip()
    host = urlparse(text if "//" in text else "//" + text).netloc.lower().split("@")[-1].split(":")[0]
    return host[4:] if host.startswith("www.") else host or None


def _registered(host: str) -> list[str]:
    """The domain and its shorter suffixes, longest first ('edition.cnn.com' -> [that, 'cnn.com'])."""
    parts = host.split(".")
    return [".".join(parts[k:]) for k in range(len(parts) - 1)]


def outlet_name(outlet, url=None) -> str:
    """One name per outlet: from the link's domain when known, else the outlet as given."""
    for candidate in (domain(url), domain(outlet) if isinstance(outlet, str) and " " not in outlet.strip()
                      and "." in outlet else None):
        if candidate:
            for tail in _registered(candidate):
                if tail in OUTLET_NAMES:
                    return OUTLET_NAMES[tail]
    if isinstance(outlet, str) and outlet.strip():
        return outlet.strip()
    d = domain(url)
    return d or UNKNOWN_OUTLET


def source_group(url=None, source=None, doc_id=None) -> str:
    """The kind of source: Kremlin texts, MFA briefings, news headlines (RSS) or other texts."""
    d = domain(url)
    if d:
        for tail in _registered(d):
            if tail in OFFICIAL_GROUPS:
                return OFFICIAL_GROUPS[tail]
    stem = Path(str(source)).name.lower() if isinstance(source, str) else ""
    if stem.startswith("rss") or (isinstance(doc_id, str) and doc_id.lower().startswith("rss")):
        return HEADLINES_GROUP
    return OTHER_GROUP


def document_info(articles: pd.DataFrame) -> pd.DataFrame:
    """Per document: id, title, date, year, month, week (its Monday), outlet (one name per outlet), source group."""
    cols = ["id", "title", "date", "year", "month", "week", "outlet", "group"]
    if articles.empty:
        return pd.DataFrame(columns=cols)
    day = pd.to_datetime(articles["date"].astype("string").str[:10], errors="coerce", format="%Y-%m-%d")
    urls = articles["url"] if "url" in articles else pd.Series(None, index=articles.index)
    sources = articles["source"] if "source" in articles else pd.Series(None, index=articles.index)
    outlets = articles["outlet"] if "outlet" in articles else pd.Series(None, index=articles.index)
    info = pd.DataFrame({
        "id": articles["id"].astype(str).to_numpy(),
        "title": articles["title"].to_numpy() if "title" in articles else None,
        "date": day.dt.strftime("%Y-%m-%d").to_numpy(),
        "year": day.dt.year.astype("Int64").to_numpy(),
        "month": day.dt.strftime("%Y-%m").to_numpy(),
        "week": (day - pd.to_timedelta(day.dt.weekday, unit="D")).dt.strftime("%Y-%m-%d").to_numpy(),
        "outlet": [outlet_name(o, u) for o, u in zip(outlets, urls)],
        "group": [source_group(u, s, i) for u, s, i in zip(urls, sources, articles["id"])],
    })
    return info


def document_language(articles: pd.DataFrame) -> pd.Series:
    """Per document (the articles' index), its two-letter language code ("zh-CN" -> "zh"), or "unknown" where none is known."""
    column = articles["language"] if "language" in articles else pd.Series(None, index=articles.index, dtype=object)
    return column.map(lambda v: None if v is None or pd.isna(v) else language_code(v)).fillna(UNKNOWN_LANGUAGE).astype(object)


def document_words(articles: pd.DataFrame) -> pd.Series:
    """Per document (the articles' index), its words with its title (`count_words`; the store's count where it holds)."""
    if articles.empty:
        return pd.Series(dtype=int)
    text = articles["text"] if "text" in articles else pd.Series(None, index=articles.index, dtype=object)
    title = articles["title"] if "title" in articles else pd.Series(None, index=articles.index, dtype=object)
    stored = articles["words"] if "words" in articles else pd.Series(None, index=articles.index, dtype=object)
    words = []
    for t, h, n in zip(text, title, stored):
        spaced = not any(isinstance(x, str) and UNSPACED.search(x) for x in (t, h))
        words.append(int(n) if spaced and n is not None and not pd.isna(n) else count_words(t) + count_words(h))
    return pd.Series(words, index=articles.index, dtype=int)
