-- The views SQL users query. Re-created after every migration and whenever this file changes, so they always
-- match the tables.
-- Only articles whose source still exists (status = 'active') are shown. Dates are DATE and times TIMESTAMP,
-- so `WHERE published > DATE '2019-01-01'` and date arithmetic work, and exports keep the types.

CREATE OR REPLACE VIEW v_articles AS
SELECT a.doc, a.title, a.published, a.lang,
       (SELECT count(*) FROM tweets t WHERE t.article_id = a.article_id) AS tweets,
       (SELECT count(*) FROM quotes q WHERE q.article_id = a.article_id) AS quotes,
       a.kind, a.location, a.article_id, a.content_hash, a.loaded_at
FROM articles a
WHERE a.status = 'active';

CREATE OR REPLACE VIEW v_tweets AS
SELECT a.doc, t.seq, t.text, t.author_name, t.handle, t.date_text, t.date,
       t.lang, t.label, t.hashtags, t.mentions, t.urls, t.tweet_id, t.status_url,
       -- the canonical member of this tweet's cross-language group (null for that member and unlinked tweets)
       (SELECT c.doc || '#' || l.canonical_seq FROM links l JOIN articles c ON c.article_id = l.canonical_article_id
        WHERE l.kind = 'tweet' AND l.article_id = t.article_id AND l.seq = t.seq) AS same_as,
       t.start_offset, t.end_offset, a.title AS article_title, a.article_id, t.text_key
FROM tweets t JOIN articles a USING (article_id)
WHERE a.status = 'active';

-- speaker: the person a quotation resolves to (an organisation or an unnamed role as written; NULL when the
-- article names no source); speaker_mention and speaker_kind: the words the attribution rests on and what they
-- name (person | pronoun | role | organisation | unnamed).
CREATE OR REPLACE VIEW v_quotes AS
SELECT a.doc, q.seq, q.text, q.speaker, q.lang, q.cue, q.confidence,
       (SELECT c.doc || '#' || l.canonical_seq FROM links l JOIN articles c ON c.article_id = l.canonical_article_id
        WHERE l.kind = 'quote' AND l.article_id = q.article_id AND l.seq = q.seq) AS same_as,
       q.start_offset, q.end_offset, q.speaker_start, q.speaker_end, a.title AS article_title, a.article_id,
       q.text_key, q.speaker_mention, q.speaker_kind, q.mention_start, q.mention_end, q.cue_start, q.cue_end
FROM quotes q JOIN articles a USING (article_id)
WHERE a.status = 'active';

-- Everything said, tweets and quotations alike: who said what, where, in which language (label: a tweet's
-- chat label, A1, Q2…; who is NULL for a quotation without a named source). Also what the pipeline embeds and
-- links (warehouse/vectors.py).
CREATE OR REPLACE VIEW v_statements AS
SELECT 'tweet' AS kind, doc, seq, author_name AS who, handle, lang, text, date, same_as, article_id, text_key,
       label
FROM v_tweets
UNION ALL
SELECT 'quote' AS kind, doc, seq, speaker AS who, NULL AS handle, lang, text, NULL AS date, same_as, article_id,
       text_key, NULL AS label
FROM v_quotes;

-- Cross-language links with both ends readable: a statement, the canonical member of its group, their languages,
-- and whether the pair crosses languages (a syndicated copy in the same language does not).
CREATE OR REPLACE VIEW v_links AS
SELECT l.kind, s.doc, l.seq, s.lang, s.who, c.doc AS canonical_doc, l.canonical_seq, c.lang AS canonical_lang,
       c.who AS canonical_who, l.score, s.lang IS DISTINCT FROM c.lang AS cross_language, s.text,
       c.text AS canonical_text, l.model_version
FROM links l
JOIN v_statements s ON s.kind = l.kind AND s.article_id = l.article_id AND s.seq = l.seq
JOIN v_statements c ON c.kind = l.canonical_kind AND c.article_id = l.canonical_article_id
                   AND c.seq = l.canonical_seq;

-- Everything a person said, tweets and quotations, in every language, under one name (statements are matched
-- by the name written, so a quotation without a speaker is in none):
--   SELECT kind, lang, text FROM v_said WHERE speaker = 'Dan Gingiss';
CREATE OR REPLACE VIEW v_said AS
SELECT sp.speaker_id, sp.canonical_name AS speaker, sp.handle, s.who AS name_as_written, s.kind, s.doc, s.seq,
       s.lang, s.text, s.date, s.same_as
FROM v_statements s
JOIN speaker_names n ON n.name = s.who
JOIN speakers sp ON sp.speaker_id = n.speaker_id
WHERE s.kind = 'quote' OR sp.handle IS NOT DISTINCT FROM s.handle;

-- Statements with their vectors, under the model of the most recently stored vector: the configured model only
-- if it embedded last (a run that switches back to a model with every text already embedded stores nothing).
CREATE OR REPLACE VIEW v_statement_vectors AS
SELECT s.*, e.vector, e.model_version
FROM v_statements s JOIN embeddings e USING (text_key)
WHERE e.model_version = (SELECT model_version FROM embeddings ORDER BY embedded_at DESC LIMIT 1);

-- "More like this": the k statements nearest to a stored one, in any language, from SQL alone:
--   SELECT * FROM statements_like('tweet', '000_86d328523555bbae.txt', 2, 5);
CREATE OR REPLACE MACRO statements_like(kind_name, doc_name, seq_no, k) AS TABLE
WITH probe AS (
    SELECT vector FROM v_statement_vectors WHERE kind = kind_name AND doc = doc_name AND seq = seq_no
)
SELECT s.kind, s.doc, s.seq, s.lang, s.who, list_cosine_similarity(s.vector, probe.vector) AS score, s.text
FROM v_statement_vectors s, probe
WHERE NOT (s.kind = kind_name AND s.doc = doc_name AND s.seq = seq_no)
ORDER BY score DESC
LIMIT k;
