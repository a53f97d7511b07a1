-- Incremental linking (warehouse/links.py). Whether two statements of two documents pair up depends on those two
-- documents only, and clusters never reach past the connected pairs, so a run keeps the accepted pairs and which
-- article versions it linked: the next run compares only new or changed articles with what is stored, and
-- re-clusters only the groups their pairs touch. Links are updated in place, not rewritten.

-- A pair that passed rank, margin and metadata: a and b are statement keys 'kind:article_id:seq', a before b in
-- (doc, kind, seq) order; edge is the evidence (cosine, margin, runner-up, rule).
CREATE TABLE link_pairs (
    a             VARCHAR NOT NULL,
    b             VARCHAR NOT NULL,
    a_article_id  VARCHAR NOT NULL,
    b_article_id  VARCHAR NOT NULL,
    score         DOUBLE NOT NULL,
    edge          JSON NOT NULL,
    model_version VARCHAR NOT NULL
);

-- The article versions whose pairs are in link_pairs: an active article missing here (or with another hash) is
-- linked by the next run; a row whose article is gone or changed has its pairs and links removed.
CREATE TABLE linked_articles (
    article_id    VARCHAR NOT NULL,
    content_hash  VARCHAR NOT NULL,
    model_version VARCHAR NOT NULL
);
