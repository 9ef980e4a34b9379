package org.hpcsweep.rescale;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.hpcsweep.study.JobState;
import org.hpcsweep.study.ObservedStatus;

/**
 * The one place where Rescale's status vocabulary becomes hpc-sweep's {@link JobState}.
 * {@code Completed} ends successful and failed jobs alike: only the reason {@code Completed
 * successfully} is a success, and a {@code Stopping} anywhere in the history means the job was stopped.
 */
public final class RescaleStatus {
    public static final String COMPLETED = "Completed";
    public static final String FORCE_STOP = "Force Stop";
    public static final String STOPPING = "Stopping";
    public static final String SUCCESS_REASON = "Completed successfully";

    /** Reads a page of {@code GET /jobs/{id}/statuses/} (newest first). */
    public ObservedStatus interpret(JsonNode page) {
        JsonNode results = page.path("results");
        if (!results.isArray() || results.isEmpty()) {
            return new ObservedStatus("Pending", null, JobState.PENDING);
        }
        JsonNode newest = results.get(0);
        String status = newest.path("status").asText("");
        String reason = newest.path("statusReason").isNull() ? null : newest.path("statusReason").asText(null);
        boolean stopped = false;
        List<ObservedStatus.Entry> history = new ArrayList<>();
        Instant firstRunning = null;
        for (JsonNode entry : results) {
            String each = entry.path("status").asText();
            stopped |= STOPPING.equals(each);
            Instant when = date(entry.path("statusDate").asText(null));
            history.add(0, new ObservedStatus.Entry(each, text(entry.path("statusReason")), when));
            if (state(each, null, false) == JobState.RUNNING) {
                firstRunning = when;
            }
        }
        JobState state = state(status, reason, stopped);
        // How long it ran by the platform's clock: the monitor uses it to expect when the study's other jobs end.
        java.time.Duration ran = state.isTerminal() && firstRunning != null && !history.isEmpty()
                ? java.time.Duration.between(firstRunning, history.get(history.size() - 1).date()) : null;
        return new ObservedStatus(status, reason, state, history, ran == null || ran.isNegative() ? null : ran,
                history.get(history.size() - 1).date());
    }

    private static String text(JsonNode node) {
        return node.isNull() || node.isMissingNode() ? null : node.asText();
    }

    /** Rescale's dates vary ({@code Z}, {@code +00:00}, microseconds): read leniently, never fail a poll over one. */
    static Instant date(String text) {
        if (text == null || text.isBlank()) {
            return Instant.now();
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException offsetless) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException unreadable) {
                return Instant.now();
            }
        }
    }

    /**
     * Exchange property: the statuses read so far from the paged list of unfinished jobs, by job id.
     * Not the flow's {@code listed}: the list route runs in the monitor's exchange, which sets that one
     * from this route's answer.
     */
    public static final String LISTED_SO_FAR = "listedSoFar";

    /**
     * Reads one page of {@code GET /jobs/?state=not_completed}: each job's newest status
     * ({@code jobStatus.content}) by id, and the page's {@code next} link for the route to follow.
     * Ended jobs are not on this list; they are asked on their own for their final status and reason.
     */
    @SuppressWarnings("unchecked")
    public void readListPage(org.apache.camel.Exchange exchange) throws org.apache.camel.InvalidPayloadException {
        JsonNode page = exchange.getMessage().getMandatoryBody(JsonNode.class);
        java.util.Map<String, ObservedStatus> listed = exchange.getProperty(LISTED_SO_FAR, java.util.Map.class);
        if (listed == null) {
            listed = new java.util.HashMap<>();
            exchange.setProperty(LISTED_SO_FAR, listed);
        }
        for (JsonNode job : page.path("results")) {
            String status = job.path("jobStatus").path("content").asText("");
            if (status.isEmpty() || COMPLETED.equals(status) || FORCE_STOP.equals(status)) {
                continue;
            }
            String reason = text(job.path("jobStatus").path("statusReason"));
            // The status's date where the list tells it (the local platform does; the sheet promises
            // only jobStatus.content), else the job counts as started when it is seen.
            String since = text(job.path("jobStatus").path("statusDate"));
            listed.put(job.path("id").asText(), new ObservedStatus(status, reason == null || reason.isEmpty() ? null : reason,
                    state(status, reason, false), java.util.List.of(), null, since == null || since.isBlank() ? null : date(since)));
        }
        PagedSearch.followNext(exchange, page);
    }

    /**
     * Whether a job's status history shows it was submitted: anything past the {@code Pending} it
     * gets when created. Used to reconcile a submit call that a crash interrupted.
     */
    public boolean isSubmitted(JsonNode page) {
        for (JsonNode entry : page.path("results")) {
            if (!"Pending".equals(entry.path("status").asText())) {
                return true;
            }
        }
        return false;
    }

    static JobState state(String status, String reason, boolean stoppedInHistory) {
        switch (status) {
            case FORCE_STOP:
                return JobState.STOPPED;
            case COMPLETED:
                if (reason != null && reason.toLowerCase().contains("walltime")) {
                    return JobState.TIMED_OUT;
                }
                if (stoppedInHistory) {
                    return JobState.STOPPED;
                }
                return SUCCESS_REASON.equals(reason) ? JobState.SUCCEEDED : JobState.FAILED;
            case "Started":
            case "Validated":
            case "Executing":
            case STOPPING:
                return JobState.RUNNING;
            default:
                // Pending, Queued, Waiting for Cluster, Waiting for Queue and any status Rescale adds later.
                return JobState.PENDING;
        }
    }
}
