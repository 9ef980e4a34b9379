package org.hpcsweep.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the platform knows, kept in its data dir so that a platform started there after this one
 * stopped or died comes back with it: each job's record (its request, status history, user, outputs)
 * in {@code jobs/<id>.jsonl}, beside the job's dir {@code jobs/<id>/}, each upload's in
 * {@code files/<id>.json}. Small JSON files rather than a database: a record is read only at start,
 * written whole, and readable by eye. The job's dir is made when it is staged (JobRunner), not for its
 * record: a create answered no longer makes a directory (an ext4 directory costs its inode allocator
 * more than a file; 7 % of the 1,000-job submit phase's CPU samples went to the job dirs the creates
 * made, and most of those jobs run after the phase: bench/ANALYSIS.md).
 *
 * <p>A job's record is appended whole to its file at each write and its last whole line is the
 * record ({@link RecordLog}: no new file per write); an upload's, written once, through a temporary
 * file moved into place. Either is always whole.
 * What a client is answered about (a job created, submitted, asked to stop) is written before the
 * answer ({@link #writeNow}): a platform killed right after a submit was answered still runs that job
 * (PlatformRestartTest). The job's own status changes are written by a thread of their own at most
 * {@value #BATCH_MILLIS} ms after the change, so that its changes in a row (started, validated,
 * executing) write once and no job start waits for the disk; a platform killed within that window
 * re-adopts or restarts the job from its last record. There is no
 * fsync: what a dead platform process wrote is in the page cache and survives; a machine that loses
 * power may lose the last changes, and the client then sees those jobs as lost.
 */
final class JobRecords implements AutoCloseable {
    /** A job's record file, beside its dir: {@code jobs/<id>.jsonl}. */
    static final String RECORD_SUFFIX = ".jsonl";
    /** Where a platform before {@link RecordLog} kept a job's record, in its dir (one version, whole): still read. */
    static final String OLD_JOB_FILE = "job.json";
    /** How long changes gather before they are written: what a dead platform process may not have written yet. */
    static final long BATCH_MILLIS = 100;
    private static final Logger LOG = LoggerFactory.getLogger(JobRecords.class);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // A record a newer platform wrote, with fields this one does not know, is still read.
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** A job as kept: {@code definition} is the request as checked when it was created. */
    record JobRecord(String id, JsonNode request, JobRequestReader.JobRequest definition, Path dir, List<JobStatus> statuses,
                     List<StoredFile> outputs, boolean stopRequested, String user) {
    }

    private final Path data;
    /** Jobs changed since their record was last written, oldest change first; guarded by this. */
    private final Set<LocalJob> dirty = new LinkedHashSet<>();
    /** Jobs deleted: a change still in flight must not write them again; guarded by this. */
    private final Set<String> forgotten = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /**
     * A job's record is written or deleted holding its stripe's lock (never while a change is only
     * marked): a snapshot taken before a newer one must not be written after it, and the temporary file
     * is the job's own. That invariant is per job, so the lock is too. One lock for all jobs made each
     * create and submit, waiting to be answered, queue behind the writer thread's whole batch of other
     * jobs' records and behind each other: in figure 1's 1,000-job submit phase the request threads
     * spent 83 % of their time in {@link #writeNow} waiting for it (bench/ANALYSIS.md, "The 1,000-job
     * submit phase"). Stripes rather than a lock per job: bounded, nothing to remove when a job goes,
     * and two jobs written at once share one rarely (placement has 8 in flight).
     */
    private final Object[] stripes = new Object[64];
    private final Thread writer;
    private volatile boolean closed;

    JobRecords(Path data) {
        this.data = data;
        java.util.Arrays.setAll(stripes, i -> new Object());
        this.writer = new Thread(this::writeChanges, "local-platform-records");
        writer.setDaemon(true);
        writer.start();
    }

    /** A job changed: its record is written soon, on the writer's thread. */
    synchronized void changed(LocalJob job) {
        if (!closed && dirty.add(job)) {
            notifyAll();
        }
    }

    /**
     * A change the client is answered about (a job created, submitted, asked to stop): written before
     * the answer, so that a platform killed right after it still knows what it said. Status changes
     * nobody waits for stay with the writer's thread.
     */
    void writeNow(LocalJob job) {
        synchronized (this) {
            dirty.remove(job);
        }
        write(job);
    }

    /** A job deleted: its record goes now. */
    void forget(LocalJob job) {
        synchronized (this) {
            dirty.remove(job);
        }
        synchronized (lockOf(job)) {
            forgotten.add(job.id());
            try {
                Files.deleteIfExists(recordOf(job));
                Files.deleteIfExists(job.dir().resolve(OLD_JOB_FILE));
            } catch (IOException e) {
                LOG.warn("job {}: record not deleted: {}", job.id(), e.getMessage());
            }
        }
    }

    /** An upload, written before its id is answered: a study's inputs are few and the client waits for its upload anyway. */
    void uploaded(StoredFile file) throws IOException {
        RecordLog.replace(data.resolve("files").resolve(file.id() + ".json"), JSON.writeValueAsBytes(file));
    }

    /** The uploads an earlier run kept whose file is still there. */
    List<StoredFile> uploads() {
        List<StoredFile> found = new ArrayList<>();
        try (Stream<Path> all = Files.list(data.resolve("files"))) {
            for (Path record : all.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
                try {
                    StoredFile file = JSON.readValue(record.toFile(), StoredFile.class);
                    if (Files.isRegularFile(file.path())) {
                        found.add(file);
                    }
                } catch (IOException e) {
                    LOG.warn("upload record {} unreadable, left out: {}", record, e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.warn("upload records in {} unreadable: {}", data, e.getMessage());
        }
        return found;
    }

    /** The jobs an earlier run kept, oldest first. */
    List<JobRecord> jobs() {
        List<JobRecord> found = new ArrayList<>();
        Path jobs = data.resolve("jobs");
        if (!Files.isDirectory(jobs)) {
            return found;
        }
        try (Stream<Path> dirs = Files.list(jobs)) {
            for (Path entry : dirs.toList()) {
                // jobs/<id>.jsonl, or an older platform's jobs/<id>/job.json where no .jsonl replaced it yet.
                boolean log = entry.getFileName().toString().endsWith(RECORD_SUFFIX);
                Path record = log ? entry : entry.resolve(OLD_JOB_FILE);
                if (!Files.isRegularFile(record) || !log && Files.exists(entry.resolveSibling(entry.getFileName() + RECORD_SUFFIX))) {
                    continue;
                }
                try {
                    found.add(log ? RecordLog.last(record, line -> JSON.readValue(line, JobRecord.class))
                            : JSON.readValue(record.toFile(), JobRecord.class));
                } catch (IOException e) {
                    LOG.warn("job record {} unreadable, left out: {}", record, e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.warn("job records in {} unreadable: {}", jobs, e.getMessage());
        }
        found.sort(Comparator.comparing((JobRecord r) -> r.statuses().get(0).statusDate()).thenComparing(JobRecord::id));
        return found;
    }

    /** The job's record file: {@code jobs/<id>.jsonl}, beside its dir. */
    static Path recordOf(LocalJob job) {
        return job.dir().resolveSibling(job.dir().getFileName() + RECORD_SUFFIX);
    }

    static JobRecord of(LocalJob job) {
        return new JobRecord(job.id(), job.request(), job.checked(), job.dir(), job.history(), job.outputs(), job.isStopRequested(),
                job.user());
    }

    private void writeChanges() {
        while (true) {
            List<LocalJob> batch;
            synchronized (this) {
                while (dirty.isEmpty() && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        closed = true;
                    }
                }
                if (dirty.isEmpty()) {
                    return;
                }
            }
            if (!closed) {
                // A job's changes come in bursts (queued, started, validated, executing...): one write for the burst.
                try {
                    Thread.sleep(BATCH_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            synchronized (this) {
                batch = new ArrayList<>(dirty);
                dirty.clear();
            }
            batch.forEach(this::write);
        }
    }

    private Object lockOf(LocalJob job) {
        return stripes[Math.floorMod(job.id().hashCode(), stripes.length)];
    }

    private void write(LocalJob job) {
        try {
            synchronized (lockOf(job)) {
                if (forgotten.contains(job.id())) {
                    return;
                }
                // Taken under the job's lock: a snapshot taken before a newer one was written must not be written after it.
                RecordLog.append(recordOf(job), JSON.writeValueAsBytes(of(job)));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("job {}: record not written: {}", job.id(), e.getMessage());
        }
    }

    /** Writes what is still pending, then stops the writer. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        try {
            writer.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
