-- A lookup from a text to its statements that does not read the whole table: `similar` asks for the statements of
-- the 64 texts the ANN index proposes, linking for those of the texts close to a night's statements. Without an
-- index each such question scans the text_key column of every tweet and quotation (tens of milliseconds at a million
-- statements); with one it reads the rows asked for (bench/RESULTS.md). Building them fills them from the rows a
-- warehouse already holds; DuckDB keeps them up to date with every load.
-- DuckLake keeps no indexes: there the statements are found by a scan, as before (warehouse/db.py leaves these out).
-- DuckDB refuses ALTER COLUMN on a table with an index: a later migration that needs one drops the index first.

CREATE INDEX tweets_text_key ON tweets (text_key);
CREATE INDEX quotes_text_key ON quotes (text_key);
