-- How long each job ran (first running status to its end, by the platform's clock) and its matrix
-- point: a later run of the same study on the same platform expects each job to run about as long as
-- that point ran last time, and looks at it then, instead of polling ever more rarely from its start.
ALTER TABLE study_job ADD COLUMN point VARCHAR;
ALTER TABLE study_job ADD COLUMN ran_millis BIGINT;
-- Which platform's run times a run's are: its URL, or `local` for the embedded platform, whose URL
-- (a free port) changes at every start while the machine that runs the jobs does not.
ALTER TABLE study_run ADD COLUMN platform_scope VARCHAR;
