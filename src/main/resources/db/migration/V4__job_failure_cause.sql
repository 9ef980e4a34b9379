-- Why a job did not succeed, in its own words: its exit code where the engine tells it, and the last
-- lines of its own output (the whole file is in the run's jobs/<index>-p<procs>/ folder), so that the
-- report and the API show them after a restart too.
ALTER TABLE study_job ADD COLUMN exit_code INTEGER;
ALTER TABLE study_job ADD COLUMN log_tail VARCHAR;
