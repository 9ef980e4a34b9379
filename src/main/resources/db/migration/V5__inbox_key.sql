-- Which inbox zip a run came from (its content's checksum, the inbox's idempotency key), written in
-- the same statement that records the run: a zip counts as taken exactly when its run exists, so a
-- service killed between picking a zip up and recording its run takes it again after a restart.
ALTER TABLE study_run ADD COLUMN inbox_key VARCHAR(100);
CREATE INDEX study_run_inbox_key ON study_run (inbox_key);
