"""A Chinese query of one character: Chinese is indexed as bigrams, and a reader still finds it."""

from __future__ import annotations

import pytest

from index.engines import create_engine
from index.models import DocumentRecord, Provision
from index.search import SearchRequest, search
from index.store import Store
from index.taxonomy import load_taxonomy

TEXTS = {
    "art-1": "走私、贩卖、运输、制造毒品，无论数量多少，都应当追究刑事责任。",  # 毒 inside 毒品
    "art-2": "国家工作人员索取他人财物的，是受贿罪。",  # no 毒 at all
}


@pytest.fixture(params=["tantivy", "whoosh"])
def engine(request, tmp_path):
    store = Store(tmp_path / "store.sqlite3")
    provisions = [Provision(label=f"第{i + 1}条", text=t, language="zh", order=i, number=str(i + 1))
                  for i, t in enumerate(TEXTS.values())]
    store.put_document(DocumentRecord(id="CHN-XF", type="legislation", title="刑法（节选）", country="CHN",
                                      languages=["zh"], provisions=provisions, content_hash="x"))
    eng = create_engine(request.param, tmp_path / "index")
    eng.add(store.iter_documents())
    eng.commit(1)
    yield eng
    eng.close()
    store.close()


def test_one_character_finds_the_words_it_begins(engine):
    resp = search(engine, SearchRequest.from_params({"q": ["毒"]}), taxonomy=load_taxonomy())
    assert [h.provision_id for h in resp.hits] == ["CHN-XF/art-1"]

