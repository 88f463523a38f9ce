"""Citation extraction: UN symbols, dates in six languages, ECLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.extract import extract_dates, extract_ecli, extract_symbols

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"


def test_symbols_of_every_shape() -> None:
    text = (
        "See CTOC/COP/2018/5, CTOC/COP/WG.3/2024/2 and A/RES/55/25; the draft E/CN.15/2023/L.1/Rev.1. "
        "Also S/2019/123 and CAC/COSP/2021/17, again CTOC/COP/2018/5 and A/RES/S-26/2."
    )
    assert extract_symbols(text) == [
        "CTOC/COP/2018/5", "CTOC/COP/WG.3/2024/2", "A/RES/55/25", "E/CN.15/2023/L.1/Rev.1", "S/2019/123",
        "CAC/COSP/2021/17", "A/RES/S-26/2",
    ]  # fmt: skip


def test_joint_symbol_gives_both() -> None:
    assert extract_symbols("(CTOC/COP/WG.2/2017/4-CTOC/COP/WG.3/2017/4)") == [
        "CTOC/COP/WG.2/2017/4",
        "CTOC/COP/WG.3/2017/4",
    ]


def test_things_that_are_not_symbols() -> None:
    assert extract_symbols("TCP/IP, A/B testing, 15/11/2000, résolution 8/1, km/h, and/or, S/PV") == []


# From the README of un-docs: the symbols each text shows.
UN_DOC_SYMBOLS = {
    "000_bc9384a3c8c704c0.txt": {
        "CTOC/COP/2018/1", "CTOC/COP/WG.3/2015/4", "CTOC/COP/WG.3/2016/2", "CTOC/COP/WG.3/2016/4",
        "CTOC/COP/WG.3/2017/2", "CTOC/COP/WG.3/2018/2", "CTOC/COP/WG.3/2018/5", "CTOC/COP/WG.2/2017/4",
        "CTOC/COP/WG.3/2017/4",
    },
    "001_4388b06382c05052.txt": {
        "CTOC/COP/2022/1", "CTOC/COP/WG.3/2021/3", "CTOC/COP/WG.2/2022/4", "CTOC/COP/WG.3/2022/4",
    },
    "002_120a5ee9d85e789d.txt": set(),
    "003_c3c56fd471775883.txt": {
        "CTOC/COP/WG.3/2024/2", "CTOC/COP/WG.3/2024/3", "CTOC/COP/WG.2/2024/4", "CTOC/COP/WG.3/2024/4",
        "CTOC/COP/WG.3/2023/4", "CTOC/COP/WG.2/2017/4", "CTOC/COP/WG.3/2017/4",
    },
    "004_79762f2056680fff.txt": {"CTOC/COP/WG.2/2007/1"},
}  # fmt: skip
UN_DOC_FIRST_DATE = {
    "000_bc9384a3c8c704c0.txt": "2018-07-19",
    "002_120a5ee9d85e789d.txt": "2017-10-13",
    "003_c3c56fd471775883.txt": "2024-02-23",
    "004_79762f2056680fff.txt": "2007-09-19",
}


@pytest.mark.parametrize("name", sorted(UN_DOC_SYMBOLS))
def test_un_docs_symbols_and_dates(name: str) -> None:
    path = DATA / "un-docs" / name
    if not path.is_file():
        pytest.skip("../shared/data not present: un-docs")
    text = path.read_text(encoding="utf-8")
    symbols = extract_symbols(text)
    assert set(symbols) == UN_DOC_SYMBOLS[name]
    assert len(symbols) == len(set(symbols))
    dates = extract_dates(text, "fr")
    if name in UN_DOC_FIRST_DATE:
        assert dates[0] == UN_DOC_FIRST_DATE[name]
    else:  # the draft resolution shows no date of its own; the latest it cites is 27 May 2022
        assert max(dates) == "2022-05-27"


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Vienne, le 19 juillet 2018", "2018-07-19"),
        ("en vigueur le 1er mars 2020", "2020-03-01"),
        ("adoptée le premier mars 2020", "2020-03-01"),
        ("el 15 de noviembre de 2000", "2000-11-15"),
        ("el 1º de mayo del 2019", "2019-05-01"),
        ("от 15 ноября 2000 г. № 25", "2000-11-15"),
        ("adopted on 15 November 2000", "2000-11-15"),
        ("adopted on the 15th of November 2000", "2000-11-15"),
        ("decided November 15, 2000", "2000-11-15"),
        ("(S.D. Fla. Jun. 10, 2022)", "2022-06-10"),
        ("المؤرخة ١٥ نوفمبر ٢٠٠٠", "2000-11-15"),
        ("في 15 تشرين الثاني/نوفمبر 2000", "2000-11-15"),
        ("الصادر في 5 أغسطس سنة 2019", "2019-08-05"),
        ("2000年11月15日通过", "2000-11-15"),
        ("二〇〇〇年十一月十五日", "2000-11-15"),
        ("2024年3月8日", "2024-03-08"),
        ("date: 2018-07-19.", "2018-07-19"),
    ],
)
def test_dates_in_six_languages(text: str, iso: str) -> None:
    assert extract_dates(text) == [iso]


def test_numeric_dates_only_outside_english() -> None:
    assert extract_dates("jugement du 15/11/2000", "fr") == ["2000-11-15"]
    assert extract_dates("Решение от 15.11.2000", "ru") == ["2000-11-15"]
    assert extract_dates("filed 11/12/2000", "en") == []
    assert extract_dates("filed 11/12/2000") == []


def test_invalid_and_repeated_dates() -> None:
    assert extract_dates("le 31 février 2020 puis le 30 avril 2020 et le 30 avril 2020") == ["2020-04-30"]
    assert extract_dates("Article 15 November") == []
    assert extract_dates("15 Mayday 2000") == []


def test_ecli() -> None:
    text = (
        "Cass. crim. ECLI:FR:CCASS:2019:CR01234. See ecli:nl:hr:2020:1234 and ECLI:EU:C:2014:2250, "
        "ECLI:FR:CCASS:2019:CR01234"
    )
    assert extract_ecli(text) == ["ECLI:FR:CCASS:2019:CR01234", "ECLI:NL:HR:2020:1234", "ECLI:EU:C:2014:2250"]
    assert extract_ecli("ECLI:FR:2019") == []
