-- Who a quotation is attributed to, in the stages extractors.records.Quote gives: the mention as written, what
-- kind of source it names, the cue that links them, and the person it resolves to. A quotation whose article
-- names no source has no speaker, so speaker and its span become nullable. Spans absent from the text are NULL.
-- DuckDB 1.5 alters a table with a primary key in place, so the rows stay where they are.

ALTER TABLE quotes ALTER COLUMN speaker DROP NOT NULL;
ALTER TABLE quotes ALTER COLUMN speaker_start DROP NOT NULL;
ALTER TABLE quotes ALTER COLUMN speaker_end DROP NOT NULL;

ALTER TABLE quotes ADD COLUMN speaker_mention VARCHAR;   -- as written: "he", "the minister", "Ruiz", "Norvale Power"
ALTER TABLE quotes ADD COLUMN speaker_kind VARCHAR;      -- person | pronoun | role | organisation | unnamed
ALTER TABLE quotes ADD COLUMN mention_start INTEGER;     -- span of speaker_mention in articles.body
ALTER TABLE quotes ADD COLUMN mention_end INTEGER;
ALTER TABLE quotes ADD COLUMN cue_start INTEGER;         -- span of the reporting verb or frame word
ALTER TABLE quotes ADD COLUMN cue_end INTEGER;

-- Existing rows: each speaker is the person named where the attribution rests.
UPDATE quotes SET speaker_kind = 'person', speaker_mention = speaker, mention_start = speaker_start,
                  mention_end = speaker_end;
