-- Vectors of statements, cross-language links between them, and the people who made them.

-- One vector per normalized text and model: a text already embedded by this model is never embedded again,
-- and a new model (config [embedding] model) gets its own rows on the next run.
CREATE TABLE embeddings (
    text_key      VARCHAR NOT NULL,          -- extractors.records.text_key(text)
    model_version VARCHAR NOT NULL,
    vector        FLOAT[] NOT NULL,          -- L2-normalized: the dot product is the cosine
    embedded_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (text_key, model_version)
);

-- A statement that restates one in another article (a translation of the same tweet), pointing at the
-- canonical member of its group. Rebuilt after every run that changed statements or vectors.
CREATE TABLE links (
    kind                 VARCHAR NOT NULL,   -- tweet | quote
    article_id           VARCHAR NOT NULL,
    seq                  INTEGER NOT NULL,
    canonical_kind       VARCHAR NOT NULL,
    canonical_article_id VARCHAR NOT NULL,
    canonical_seq        INTEGER NOT NULL,
    score                DOUBLE NOT NULL,    -- cosine to the canonical member
    evidence             JSON NOT NULL,      -- rank, margin and metadata the link rests on
    model_version        VARCHAR NOT NULL,
    PRIMARY KEY (kind, article_id, seq)
);

-- People: the spellings of one person gathered (tweet authors by handle, prose speakers by name).
CREATE TABLE speakers (
    speaker_id     INTEGER PRIMARY KEY,
    canonical_name VARCHAR NOT NULL,
    handle         VARCHAR
);

CREATE TABLE speaker_names (
    speaker_id INTEGER NOT NULL,
    name       VARCHAR NOT NULL,
    PRIMARY KEY (speaker_id, name)
);
