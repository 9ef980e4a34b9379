package org.hpcsweep.slurm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hpcsweep.study.ObservedStatus;
import org.hpcsweep.study.TrackedJob;

/**
 * The engine's bulk status (EngineStep.LIST_STATUSES): one {@code GET /slurm/VERSION/jobs} per poll
 * for all of the studies' jobs, instead of a {@code GET /job/{id}} per job. Answers the unfinished
 * ones among the jobs due for a look; a job that ended is left out, so the flow asks it on its own
 * (for its final state and exit code, once).
 *
 * <p>Where the version gives the controller's time of its answer (v0.0.40+, {@code last_update}),
 * the next listing passes it as {@code update_time}: slurmctld then sends nothing when no job changed
 * since (v0.0.38 answers 304 to that, v0.0.40+ an empty list with a warning), and the statuses of the
 * last full listing still hold. The controller's own clock, not ours: a skewed clock here cannot make
 * a change look old.
 */
public final class SlurmStatusList {
    private final SlurmDialect dialect;
    private final SlurmState state;
    /** The unfinished jobs of the last full listing, by job id; every job on the cluster the token may see. */
    private Map<String, ObservedStatus> unfinished = Map.of();
    private Long listedAt;
    private boolean askedSince;

    public SlurmStatusList(SlurmDialect dialect, SlurmState state) {
        this.dialect = dialect;
        this.state = state;
    }

    /** The {@code update_time} for the next listing, or null for a full one. */
    public synchronized Long since() {
        askedSince = listedAt != null;
        return listedAt;
    }

    /**
     * The statuses of {@code pollable}'s unfinished jobs, from a {@code GET /jobs} answer (null: 304,
     * nothing changed).
     */
    public Map<String, ObservedStatus> statuses(JsonNode answer, List<TrackedJob> pollable) {
        return byId(answer, pollable.stream().map(TrackedJob::getPlatformId).filter(java.util.Objects::nonNull).toList());
    }

    /** The same, for the jobs of these ids. */
    synchronized Map<String, ObservedStatus> byId(JsonNode answer, List<String> ids) {
        if (!unchanged(answer)) {
            Map<String, ObservedStatus> now = new HashMap<>();
            for (JsonNode job : answer.path("jobs")) {
                ObservedStatus status = state.interpretJob(job);
                if (!status.state().isTerminal()) {
                    now.put(job.path("job_id").asText(), status);
                }
            }
            unfinished = now;
            listedAt = dialect.listedAt(answer);
        }
        Map<String, ObservedStatus> due = new HashMap<>();
        for (String id : ids) {
            ObservedStatus status = unfinished.get(id);
            if (status != null) {
                due.put(id, status);
            }
        }
        return due;
    }

    /** 304, or (v0.0.40+) asked since a time and answered with no jobs and no time of its own. */
    private boolean unchanged(JsonNode answer) {
        if (answer == null || answer.isMissingNode() || answer.isNull()) {
            return true;
        }
        return askedSince && answer.path("jobs").isEmpty() && dialect.listedAt(answer) == null;
    }
}
