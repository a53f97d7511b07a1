-- Incremental speaker groups (warehouse/speakers.py). A group is decided by the people who share its handle or a
-- name key with it, so a run keeps each gathered article version's people and which versions it gathered: the next
-- run reads the people of new, changed and gone articles only, and groups again only the names connected to theirs.

-- The people of one article: a tweet author (name and handle) or a quotation's speaker who is a person (no handle).
CREATE TABLE speaker_people (
    article_id VARCHAR NOT NULL,
    name       VARCHAR NOT NULL,   -- as written (v_tweets.author_name, v_quotes.speaker)
    handle     VARCHAR,            -- as written; NULL for a speaker named in prose
    first      VARCHAR NOT NULL,   -- doc || lpad(seq, 6, '0') of its first statement in the article: the order of first appearance
    name_key   VARCHAR NOT NULL,   -- extractors.speakers.speaker_key(base_name(name)): how prose names join a group
    handle_key VARCHAR             -- the handle without '@', casefolded; NULL when it has none
);

-- The article versions whose people are in speaker_people.
CREATE TABLE speaker_articles (
    article_id   VARCHAR NOT NULL,
    content_hash VARCHAR NOT NULL
);
