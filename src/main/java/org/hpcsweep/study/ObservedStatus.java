package org.hpcsweep.study;

import java.time.Instant;
import java.util.List;

/**
 * A job's status as an engine reported it, already mapped onto hpc-sweep's states.
 *
 * @param status  the engine's own word (e.g. Rescale's {@code Executing})
 * @param reason  the engine's reason, may be null
 * @param state   hpc-sweep's state for it
 * @param history the engine's whole history for the job, oldest first, when it tells it (Rescale
 *                does); empty when it only tells the present status
 * @param ran     for an ended job, how long it ran by the engine's own clock (first running status to
 *                the end), or null when the engine does not tell
 * @param since   when the present status began by the engine's clock, or null when it does not tell:
 *                a job seen running a while after it started is expected to end counting from then
 * @param exitCode for an ended job, its exit code where the engine tells it (128 + n for signal n), else null
 */
public record ObservedStatus(String status, String reason, JobState state, List<Entry> history, java.time.Duration ran,
                             Instant since, Integer exitCode) {

    /** One entry of an engine's status history. */
    public record Entry(String status, String reason, Instant date) {
    }

    public ObservedStatus(String status, String reason, JobState state) {
        this(status, reason, state, List.of(), null, null);
    }

    public ObservedStatus(String status, String reason, JobState state, List<Entry> history) {
        this(status, reason, state, history, null);
    }

    public ObservedStatus(String status, String reason, JobState state, List<Entry> history, java.time.Duration ran) {
        this(status, reason, state, history, ran, null);
    }

    public ObservedStatus(String status, String reason, JobState state, List<Entry> history, java.time.Duration ran, Instant since) {
        this(status, reason, state, history, ran, since, null);
    }
}
