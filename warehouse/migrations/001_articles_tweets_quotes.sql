-- Articles, the records extracted from them, and the history of runs.
-- Offsets: tweets index articles.source, quotes index articles.body (Python code-point indices).

CREATE TABLE articles (
    article_id     VARCHAR PRIMARY KEY,      -- sha256 of the location, 16 hex chars: stable across runs
    doc            VARCHAR NOT NULL,         -- file name, as exports name it
    location       VARCHAR NOT NULL,         -- absolute path or URL
    kind           VARCHAR NOT NULL,         -- text | markdown | html
    content_hash   VARCHAR NOT NULL,         -- sha256 of the bytes read
    title          VARCHAR,
    published      DATE,
    lang           VARCHAR,
    source         VARCHAR NOT NULL,         -- decoded text as read
    body           VARCHAR NOT NULL,         -- running text (== source except for HTML)
    etag           VARCHAR,
    last_modified  VARCHAR,
    status         VARCHAR NOT NULL DEFAULT 'active',  -- active | deleted (source gone)
    first_seen     TIMESTAMP NOT NULL,
    loaded_at      TIMESTAMP NOT NULL,
    run_id         VARCHAR
);

CREATE TABLE tweets (
    article_id   VARCHAR NOT NULL,
    seq          INTEGER NOT NULL,
    text         VARCHAR NOT NULL,
    author_name  VARCHAR,
    handle       VARCHAR,
    date_text    VARCHAR,
    date         DATE,
    lang         VARCHAR,
    label        VARCHAR,
    hashtags     VARCHAR[] NOT NULL,
    mentions     VARCHAR[] NOT NULL,
    urls         VARCHAR[] NOT NULL,
    tweet_id     VARCHAR,
    status_url   VARCHAR,
    start_offset INTEGER NOT NULL,
    end_offset   INTEGER NOT NULL,
    text_key     VARCHAR NOT NULL,           -- extractors.records.text_key(text): joins embeddings
    PRIMARY KEY (article_id, seq)
);

CREATE TABLE quotes (
    article_id    VARCHAR NOT NULL,
    seq           INTEGER NOT NULL,
    text          VARCHAR NOT NULL,
    speaker       VARCHAR NOT NULL,
    start_offset  INTEGER NOT NULL,
    end_offset    INTEGER NOT NULL,
    speaker_start INTEGER NOT NULL,
    speaker_end   INTEGER NOT NULL,
    lang          VARCHAR,
    cue           VARCHAR NOT NULL,
    confidence    DOUBLE NOT NULL,
    text_key      VARCHAR NOT NULL,
    PRIMARY KEY (article_id, seq)
);

CREATE TABLE runs (
    run_id         VARCHAR PRIMARY KEY,
    flow_run_id    VARCHAR,
    started_at     TIMESTAMP NOT NULL,
    ended_at       TIMESTAMP,
    status         VARCHAR NOT NULL,          -- running | completed | failed | aborted (process killed)
    n_read         INTEGER DEFAULT 0,         -- sources looked at
    n_new          INTEGER DEFAULT 0,
    n_changed      INTEGER DEFAULT 0,
    n_skipped      INTEGER DEFAULT 0,         -- unchanged: cost a hash, not an extraction
    n_failed       INTEGER DEFAULT 0,
    n_deleted      INTEGER DEFAULT 0,
    n_tweets       INTEGER DEFAULT 0,         -- tweet rows written this run
    n_quotes       INTEGER DEFAULT 0,
    n_embedded     INTEGER DEFAULT 0,
    stage_seconds  JSON,
    config_hash    VARCHAR,
    code_version   VARCHAR
);

CREATE TABLE failures (
    run_id    VARCHAR NOT NULL,
    location  VARCHAR NOT NULL,
    stage     VARCHAR NOT NULL,               -- read | decode | extract | load
    error     VARCHAR NOT NULL,
    failed_at TIMESTAMP NOT NULL
);
