package org.hpcsweep.slurm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hpcsweep.study.ObservedStatus;
import org.hpcsweep.study.TrackedJob;

/**
 * The engine's bulk status (EngineStep.LIST_STATUSES): one {@code GET /slurm/VERSION/jobs} per poll
 * for all of the studies' jobs, instead of a {@code GET /job/{id}} per job. Answers every job due for
 * a look that the listing holds, an ended one too: a listed job carries its final state, exit code and
 * end time in the same fields as {@code GET /job/{id}} (v0.0.38 a raw wait status, v0.0.40+ an
 * object; see {@link SlurmState}), so an end costs no call of its own (figure 2g: 20 of 44 status
 * calls were such calls). Only a job the listing no longer holds (slurmctld forgets an ended job after
 * MinJobAge) is left out, and the flow asks it on its own.
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
    /** The jobs of the last full listing, by job id; every job on the cluster the token may see. */
    private Map<String, ObservedStatus> listed = Map.of();
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
     * The statuses of {@code pollable}'s jobs on the listing, from a {@code GET /jobs} answer (null: 304,
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
                now.put(job.path("job_id").asText(), state.interpretJob(job));
            }
            listed = now;
            listedAt = dialect.listedAt(answer);
        }
        Map<String, ObservedStatus> due = new HashMap<>();
        for (String id : ids) {
            ObservedStatus status = listed.get(id);
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
