-- The views SQL users query. Re-created after every migration, so they always match the tables.
-- Only articles whose source still exists (status = 'active') are shown.

CREATE OR REPLACE VIEW v_articles AS
SELECT a.doc, a.title, strftime(a.published, '%Y-%m-%d') AS published, a.lang,
       (SELECT count(*) FROM tweets t WHERE t.article_id = a.article_id) AS tweets,
       (SELECT count(*) FROM quotes q WHERE q.article_id = a.article_id) AS quotes,
       a.kind, a.location, a.article_id, a.content_hash, a.loaded_at
FROM articles a
WHERE a.status = 'active';

CREATE OR REPLACE VIEW v_tweets AS
SELECT a.doc, t.seq, t.text, t.author_name, t.handle, t.date_text, strftime(t.date, '%Y-%m-%d') AS date,
       t.lang, t.label, t.hashtags, t.mentions, t.urls, t.tweet_id, t.status_url,
       t.start_offset, t.end_offset, a.title AS article_title, a.article_id
FROM tweets t JOIN articles a USING (article_id)
WHERE a.status = 'active';

CREATE OR REPLACE VIEW v_quotes AS
SELECT a.doc, q.seq, q.text, q.speaker, q.lang, q.cue, q.confidence,
       q.start_offset, q.end_offset, q.speaker_start, q.speaker_end, a.title AS article_title, a.article_id
FROM quotes q JOIN articles a USING (article_id)
WHERE a.status = 'active';

-- Everything said, tweets and quotations alike: who said what, where, in which language.
CREATE OR REPLACE VIEW v_statements AS
SELECT 'tweet' AS kind, doc, seq, author_name AS who, handle, lang, text, date, article_id FROM v_tweets
UNION ALL
SELECT 'quote' AS kind, doc, seq, speaker AS who, NULL AS handle, lang, text, NULL AS date, article_id FROM v_quotes;
