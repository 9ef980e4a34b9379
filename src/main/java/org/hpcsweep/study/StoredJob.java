package org.hpcsweep.study;

import java.util.List;

/** One job's row as the store holds it, used to rebuild a run after a restart. */
public record StoredJob(int index, SubmitPhase submitPhase, String platformId, JobState state, String lastStatus,
                        String statusReason, Double seconds, String error, boolean collected, List<String> history,
                        Long ranMillis, Integer exitCode, String logTail) {

    /** Which try of the job is the present one: one more than the {@link TrackedJob#RETRY} entries of its history. */
    public int attempt() {
        return 1 + (int) history.stream().filter(TrackedJob.RETRY::equals).count();
    }
}
