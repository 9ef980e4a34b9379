package org.hpcsweep.flow;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.hpcsweep.study.StudyRun;
import org.hpcsweep.study.TrackedJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The study runs this service is working on, by run id: a run enters at intake or resume and leaves reported or abandoned. */
public final class RunRegistry {
    private static final Logger LOG = LoggerFactory.getLogger("hpcsweep.study");
    private final Map<String, StudyRun> runs = new ConcurrentHashMap<>();

    void add(StudyRun run) {
        runs.put(run.getRunId(), run);
    }

    public StudyRun get(String runId) {
        StudyRun run = runs.get(runId);
        if (run == null) {
            throw new IllegalArgumentException("no study run with id " + runId);
        }
        return run;
    }

    /** The run of {@code job}. */
    public StudyRun runOf(TrackedJob job) {
        return get(job.getRunId());
    }

    public boolean isRunning(String runId) {
        return runs.containsKey(runId);
    }

    public Collection<StudyRun> all() {
        return List.copyOf(runs.values());
    }

    /** Every job of every run in progress. */
    Stream<TrackedJob> jobs() {
        return runs.values().stream().flatMap(run -> run.getJobs().stream());
    }

    /**
     * The run leaves the registry, and its kept input (its own link to the zip) is deleted: nothing
     * needs it once the run is finished. False when it had left already.
     */
    boolean remove(StudyRun run) {
        if (runs.remove(run.getRunId()) == null) {
            return false;
        }
        try {
            Files.deleteIfExists(run.getZip());
            Files.deleteIfExists(run.getZip().getParent());
        } catch (IOException e) {
            LOG.warn("study {}: could not delete its kept input {}: {}", run, run.getZip(), e.getMessage());
        }
        return true;
    }
}
