-- 0012_redact_stored_text: the one redaction (DESIGN.md §4, package privacy)
-- for text loaded before every text column passed it. Right after this
-- migration, in its transaction, the warehouse rewrites the stored cells
-- that hold a NIK or a phone number (redactStored): ids as keyed pseudonyms,
-- other text masked; rejects.value and reason and load_runs.error masked.
-- Only the cells privacy.Guard matches are read into Go; a warehouse with
-- nothing to redact pays one scan of its text columns, once.
COMMENT ON COLUMN rejects.value IS 'the rejected cell; NIKs and phone numbers masked';
COMMENT ON COLUMN survey_responses.occupation IS 'NIKs and phone numbers masked on ingest';
COMMENT ON COLUMN complaints.staff_ref IS 'never shown in the leadership report; NIKs and phone numbers as keyed pseudonyms';
