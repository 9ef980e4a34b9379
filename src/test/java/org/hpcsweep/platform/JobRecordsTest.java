package org.hpcsweep.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform's job records while the writer thread writes batches of other changes: what a client is
 * answered about is on disk when {@link JobRecords#writeNow} returns, and an older snapshot of a job is
 * never written over a newer one, whichever thread took it.
 */
class JobRecordsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Changes per job from each side: enough that the writer thread's batches and the answered writes overlap. */
    private static final int ROUNDS = 10;

    @TempDir
    Path data;

    @Test
    @Timeout(120)
    void should_keep_each_answered_change_and_the_newest_record_when_submits_race_the_writer_threads_batches() throws Exception {
        Files.createDirectories(data.resolve("jobs"));
        JobRecords records = new JobRecords(data);
        List<LocalJob> jobs = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String id = "job" + i;
            LocalJob job = new LocalJob(id, JSON.createObjectNode().put("name", id),
                    new JobRequestReader.JobRequest(id, "true", "shell", "1", false, 1, 1, 1.0, List.of(), Map.of()),
                    data.resolve("jobs").resolve(id));
            job.onChange(() -> records.changed(job));
            jobs.add(job);
        }
        ConcurrentLinkedQueue<String> missing = new ConcurrentLinkedQueue<>();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (LocalJob job : jobs) {
                // As the platform does: the create and the submit written before their answer, while the job's own
                // changes (and every other job's) go to the writer thread, whose batch may hold this job's older snapshot.
                done.add(threads.submit(() -> {
                    int known = job.history().size();
                    records.writeNow(job);
                    missing.addAll(notOnDisk(job, known));
                    for (int round = 0; round < ROUNDS; round++) {
                        job.status(LocalJob.QUEUED, "answered " + round);
                        known = job.history().size();
                        records.writeNow(job);
                        missing.addAll(notOnDisk(job, known));
                    }
                    return null;
                }));
                done.add(threads.submit(() -> {
                    for (int round = 0; round < ROUNDS; round++) {
                        job.status(LocalJob.EXECUTING, "changed " + round);
                        Thread.sleep(1);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            threads.shutdown();
        }
        assertEquals(List.of(), List.copyOf(missing), "each change was on disk when writeNow returned");
        records.close();
        for (LocalJob job : jobs) {
            assertEquals(statuses(job.history()), statuses(onDisk(job)), job.id() + ": the last record written is the newest");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(job.dir().resolve(JobRecords.JOB_FILE))),
                    job.id() + ": the platform's alone");
        }
        assertEquals(jobs.size(), new JobRecords(data).jobs().size(), "every record read back");
        assertTrue(jobs.stream().noneMatch(j -> Files.exists(j.dir().resolve(JobRecords.JOB_FILE + ".tmp"))), "no temporary file left");
    }

    /** The job's first {@code count} statuses (those it had when writeNow was called), where the record on disk lacks them. */
    private static List<String> notOnDisk(LocalJob job, int count) throws Exception {
        List<String> wanted = statuses(job.history().subList(0, count));
        List<String> kept = statuses(onDisk(job));
        return kept.size() >= count && kept.subList(0, count).equals(wanted) ? List.of() : List.of(job.id() + " " + wanted + " not in " + kept);
    }

    private static List<JobStatus> onDisk(LocalJob job) throws Exception {
        JsonNode record = JSON.readTree(job.dir().resolve(JobRecords.JOB_FILE).toFile());
        List<JobStatus> statuses = new ArrayList<>();
        record.path("statuses").forEach(s -> statuses.add(new JobStatus(s.path("status").asText(), null, null)));
        return statuses;
    }

    private static List<String> statuses(List<JobStatus> history) {
        return history.stream().map(JobStatus::status).collect(Collectors.toList());
    }
}
