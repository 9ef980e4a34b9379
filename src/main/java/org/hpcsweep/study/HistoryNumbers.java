package org.hpcsweep.study;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How the {@link StudyStore} numbers each job's status history: entries are numbered from 1 across
 * the job's tries, a try's own begin after the earlier ones' (and their {@link TrackedJob#RETRY}
 * entries), and an entry the store holds already is not written again.
 */
final class HistoryNumbers {
    /** An entry to write, with its number. */
    record Numbered(int seq, String status, String reason, Instant when) {
    }

    /** How many entries of a job's history are stored, and how many of them came before its present try. */
    private static final class Count {
        int recorded;
        int base;
    }

    /** Of each run in progress, by job index. */
    private final Map<String, Map<Integer, Count>> counts = new ConcurrentHashMap<>();

    /**
     * The entries to store for a change the platform reported: those of its own history of this try
     * not stored yet (it may have moved several steps between two looks), else what was seen {@code now}.
     */
    List<Numbered> observed(TrackedJob job, ObservedStatus seen, Instant now) {
        Count count = count(job);
        List<Numbered> out = new ArrayList<>();
        synchronized (count) {
            List<ObservedStatus.Entry> platform = seen.history();
            if (platform.isEmpty()) {
                out.add(new Numbered(++count.recorded, seen.status(), job.getStatusReason(), now));
                return out;
            }
            int storedOfThisTry = count.recorded - count.base;
            for (int i = storedOfThisTry; i < platform.size(); i++) {
                ObservedStatus.Entry e = platform.get(i);
                boolean last = i == platform.size() - 1;
                out.add(new Numbered(count.base + i + 1, e.status(), last ? job.getStatusReason() : e.reason(), e.date()));
            }
            count.recorded = count.base + Math.max(storedOfThisTry, platform.size());
        }
        return out;
    }

    /** A new try follows: the number of its {@code Retry} entry; the next try's entries come after it. */
    int retried(TrackedJob job) {
        Count count = count(job);
        synchronized (count) {
            count.base = ++count.recorded;
            return count.recorded;
        }
    }

    /** After a restart: the numbering picks up from the histories the store holds (job index to statuses). */
    void restore(String runId, Map<Integer, List<String>> histories) {
        Map<Integer, Count> run = counts.computeIfAbsent(runId, r -> new ConcurrentHashMap<>());
        histories.forEach((idx, entries) -> {
            Count count = run.computeIfAbsent(idx, i -> new Count());
            count.recorded = entries.size();
            count.base = entries.lastIndexOf(TrackedJob.RETRY) + 1;
        });
    }

    /** The run is finished: its numbering is not needed any more. */
    void forget(String runId) {
        counts.remove(runId);
    }

    private Count count(TrackedJob job) {
        return counts.computeIfAbsent(job.getRunId(), run -> new ConcurrentHashMap<>()).computeIfAbsent(job.getSpec().index(), i -> new Count());
    }
}
