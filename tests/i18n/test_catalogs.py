"""Every supported locale's catalog is complete, current, and marked for review.

A locale with a missing, untranslated or fuzzy message, or a translation whose placeholders
differ from its source, fails here; so does a source string that is not in the catalogs yet
(run `make i18n` and translate it).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from hearing.i18n import (
    APPLICANT_DOMAIN,
    STAFF_DOMAIN,
    STAFF_LOCALES,
    catalog_path,
    check_catalog,
    offered_locales,
    placeholders,
)
from hearing.i18n_update import REVIEW_NOTICE
from hearing.locales import TRANSLATIONS_DIR, locale_codes, supported_locales

ROOT = Path(__file__).resolve().parents[2]
# Catalogs whose translation is still being written (issue #4). Strict: a catalog that becomes
# complete while still listed here fails, so the list only ever shrinks. Until a catalog is
# complete its locale is not offered (see test_only_complete_catalogs_are_offered).
PENDING: set[tuple[str, str]] = {
    (code, APPLICANT_DOMAIN) for code in locale_codes() if code != "en"
} | {("nl", STAFF_DOMAIN)}


def _pending(locale: str, domain: str) -> pytest.MarkDecorator | tuple[()]:
    if (locale, domain) in PENDING:
        return pytest.mark.xfail(reason="translation pending (issue #4)", strict=True)
    return ()


CATALOGS = [
    pytest.param(code, domain, marks=_pending(code, domain))
    for code, domain in [(c, APPLICANT_DOMAIN) for c in locale_codes()]
    + [(c, STAFF_DOMAIN) for c in STAFF_LOCALES]
]


def test_fourteen_locales_in_one_list() -> None:
    codes = locale_codes()
    assert len(codes) == 14 == len(set(codes))
    rtl = {loc.code for loc in supported_locales() if loc.rtl}
    assert rtl == {"ar", "fa", "fa_AF", "ps", "ckb"}


@pytest.mark.parametrize(("locale", "domain"), CATALOGS)
def test_catalog_is_complete(locale: str, domain: str) -> None:
    report = check_catalog(locale, domain=domain)
    assert report.exists, f"{catalog_path(locale, domain=domain)} is missing"
    assert report.untranslated == [], f"{locale}/{domain}: untranslated {report.untranslated[:5]}"
    assert report.fuzzy == [], f"{locale}/{domain}: fuzzy {report.fuzzy[:5]}"
    assert report.placeholder_mismatch == [], (
        f"{locale}/{domain}: placeholders differ {report.placeholder_mismatch[:5]}")


def test_only_complete_catalogs_are_offered() -> None:
    offered = offered_locales(tuple(locale_codes()))
    for code in locale_codes():
        assert (code in offered) == (code == "en" or check_catalog(code).complete), code
    assert all(code in offered for code in locale_codes()
               if (code, APPLICANT_DOMAIN) not in PENDING)


@pytest.mark.parametrize(("locale", "domain"), [p.values for p in CATALOGS])
def test_catalog_header_asks_for_certified_review(locale: str, domain: str) -> None:
    text = catalog_path(locale, domain=domain).read_text("utf-8")
    header = text.split('msgid ""')[0]
    assert "certified translator" in " ".join(header.replace("#", " ").split())
    assert REVIEW_NOTICE.split(":")[0] in header


def _extract(cfg: str, keywords: list[str], tmp_path: Path, ignore: str) -> set[str]:
    out = tmp_path / f"{cfg}.pot"
    cmd = [sys.executable, "-m", "babel.messages.frontend", "-q", "extract", "-F", cfg,
           "--ignore-dirs", ignore, "-o", str(out)]
    for keyword in keywords:
        cmd += ["-k", keyword]
    subprocess.run([*cmd, "."], cwd=ROOT, check=True)
    with out.open("rb") as fh:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}


def test_catalogs_hold_every_source_string(tmp_path: Path) -> None:
    ignore = ".* _* node_modules instance tests benchmarks"
    wanted = {
        APPLICANT_DOMAIN: _extract("babel.cfg", ["_l", "N_"], tmp_path, ignore + " admin"),
        STAFF_DOMAIN: _extract("babel-admin.cfg", ["_l", "N_A"], tmp_path, ignore),
    }
    for domain, ids in wanted.items():
        with (TRANSLATIONS_DIR / f"{domain}.pot").open("rb") as fh:
            in_template = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}
        missing = sorted(ids - in_template)
        assert missing == [], f"{domain}: run `make i18n`; not in the catalogs: {missing[:5]}"


def test_placeholder_check_catches_a_renamed_placeholder() -> None:
    assert placeholders("Due %(due)s for %(v)s") == ["%(due)s", "%(v)s"]
    assert placeholders("Due %(date)s for %(v)s") != placeholders("Due %(due)s for %(v)s")
