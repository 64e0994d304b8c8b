-- pg_trgm (a trusted extension since PostgreSQL 13, so a database owner may create it) provides the
-- trigram GIN operator class that serves ILIKE '%…%' searches in any script, Chinese included.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
