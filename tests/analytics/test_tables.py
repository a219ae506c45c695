"""The downloadable tables keep the column names the README documents."""
import pytest

from lib.analytics import Filters
from lib.analytics.tables import TABLE_BUILDERS, build_table

COLUMNS = {
    "articles": "article_id,title,published,source,language,filename,url,ingested_at",
    "agencies": "id,name,country,kind,mentions,articles,first_seen,last_seen",
    "persons": "name,roles,agencies,mentions,articles,first_seen,last_seen",
    "countries": "id,name,country,mentions,articles,first_seen,last_seen",
    "locations": "id,country,mentions,articles,first_seen,last_seen",
    "topics": "topic,articles,first_seen,last_seen",
    "events": "event_id,story_id,type,code,date_start,date_end,precision,date_inferred,location,confidence,evidence,"
              "article_id,title,participants",
    "stories": "story_id,type,date_start,date_end,precision,participants,sources,first_reported,confidence,reports",
    "mentions": "article_id,title,published,label,entity,country,text,start,end,sentence",
    "cooccurrence": "a,b,count,a_units,b_units,jaccard,pmi",
    "country_pairs": "a,b,articles",
}


def test_every_table_is_documented():
    assert set(COLUMNS) == set(TABLE_BUILDERS)


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_columns_are_stable(corpus, name):
    frame = build_table(corpus, Filters(), name)
    assert ",".join(frame.columns) == COLUMNS[name]
    assert len(frame) > 0 or name == "locations"


def test_unknown_table_is_refused(corpus):
    with pytest.raises(KeyError, match="unknown table"):
        build_table(corpus, Filters(), "secrets")
