"""bench.cluster (figure 6): the PostgreSQL server it uses and the per-article costs it measures."""
from bench.cluster import article_costs, postgres_server
from bench.generate_articles import write_articles


def test_a_given_postgres_server_is_used(monkeypatch):
    monkeypatch.setenv("ENTENTE_BENCH_POSTGRES_URL", "postgresql+psycopg://bench@db.internal:5432/postgres")
    with postgres_server() as url:
        assert url == "postgresql+psycopg://bench@db.internal:5432/postgres"


def test_per_article_costs_are_measured(tmp_path, monkeypatch, postgres_server_url):
    monkeypatch.setenv("ENTENTE_BENCH_POSTGRES_URL", postgres_server_url)
    write_articles(tmp_path / "in", 6)
    costs = article_costs(tmp_path / "in", limit=4)
    assert costs.articles == 4
    assert costs.extraction_cpu > 0 and costs.write_seconds > 0 and costs.client_seconds > 0
    # An extraction is larger than its text; what a worker that stored its chunk sends back is small.
    assert costs.result_bytes > costs.document_bytes > costs.stored_result_bytes > 0
