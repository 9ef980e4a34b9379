package org.hpcsweep.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
    /** As the platform writes its records (dates as text). */
    private static final ObjectMapper RECORDS = new ObjectMapper().registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
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
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(JobRecords.recordOf(job))),
                    job.id() + ": the platform's alone");
            assertFalse(Files.exists(job.dir()), job.id() + ": its record made no dir (the job's is made when it is staged)");
        }
        assertEquals(jobs.size(), new JobRecords(data).jobs().size(), "every record read back");
        assertTrue(jobs.stream().noneMatch(j -> Files.exists(JobRecords.recordOf(j).resolveSibling(JobRecords.recordOf(j).getFileName() + ".tmp"))), "no temporary file left");
    }

    @Test
    void should_read_the_last_whole_version_when_a_killed_platform_cut_the_last_append_short_and_go_on_appending_after_it() throws Exception {
        Files.createDirectories(data.resolve("jobs"));
        LocalJob job = job("cut");
        JobRecords records = new JobRecords(data);
        job.status(LocalJob.QUEUED, "submitted");
        records.writeNow(job);
        Path file = JobRecords.recordOf(job);
        // A platform killed within an append: part of the next version, no line break after it.
        String whole = Files.readString(file);
        Files.writeString(file, whole.strip().substring(0, whole.strip().length() / 2), StandardOpenOption.APPEND);
        records.close();
        assertEquals(List.of(LocalJob.PENDING, LocalJob.QUEUED), recovered(data, "cut"), "the version before the cut one");

        JobRecords after = new JobRecords(data);
        job.status(LocalJob.EXECUTING, "re-adopted");
        after.writeNow(job);
        after.close();
        assertEquals(List.of(LocalJob.PENDING, LocalJob.QUEUED, LocalJob.EXECUTING), recovered(data, "cut"),
                "a version appended after the cut line reads whole");
    }

    @Test
    void should_rewrite_a_jobs_file_with_its_newest_version_alone_once_it_holds_enough_versions() throws Exception {
        Files.createDirectories(data.resolve("jobs"));
        LocalJob job = job("long");
        JobRecords records = new JobRecords(data);
        for (int i = 0; i < 3 * RecordLog.KEEP; i++) {
            job.status(LocalJob.EXECUTING, "step " + i);
            records.writeNow(job);
        }
        records.close();
        Path file = JobRecords.recordOf(job);
        long versions = Files.readAllLines(file).stream().filter(l -> !l.isBlank()).count();
        assertTrue(versions >= 1 && versions <= RecordLog.KEEP, versions + " versions kept");
        assertEquals(statuses(job.history()), recovered(data, "long"), "the newest version read back");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), "the platform's alone, rewritten too");
        assertFalse(Files.exists(file.resolveSibling(file.getFileName() + ".tmp")), "no temporary file left");
    }

    @Test
    void should_read_a_record_an_earlier_platform_kept_whole_in_job_json() throws Exception {
        Files.createDirectories(data.resolve("jobs"));
        LocalJob job = job("old");
        job.status(LocalJob.QUEUED, "submitted");
        Files.createDirectories(job.dir());
        Files.write(job.dir().resolve(JobRecords.OLD_JOB_FILE), RECORDS.writeValueAsBytes(JobRecords.of(job)));
        assertEquals(List.of(LocalJob.PENDING, LocalJob.QUEUED), recovered(data, "old"));
    }

    private LocalJob job(String id) {
        return new LocalJob(id, JSON.createObjectNode().put("name", id),
                new JobRequestReader.JobRequest(id, "true", "shell", "1", false, 1, 1, 1.0, List.of(), Map.of()),
                data.resolve("jobs").resolve(id));
    }

    /** The statuses of job {@code id} as a platform started on {@code data} reads them. */
    private static List<String> recovered(Path data, String id) {
        JobRecords reader = new JobRecords(data);
        try {
            return reader.jobs().stream().filter(r -> r.id().equals(id)).findFirst().map(r -> statuses(r.statuses())).orElse(List.of());
        } finally {
            reader.close();
        }
    }

    /** The job's first {@code count} statuses (those it had when writeNow was called), where the record on disk lacks them. */
    private static List<String> notOnDisk(LocalJob job, int count) throws Exception {
        List<String> wanted = statuses(job.history().subList(0, count));
        List<String> kept = statuses(onDisk(job));
        return kept.size() >= count && kept.subList(0, count).equals(wanted) ? List.of() : List.of(job.id() + " " + wanted + " not in " + kept);
    }

    private static List<JobStatus> onDisk(LocalJob job) throws Exception {
        JsonNode record = RecordLog.last(JobRecords.recordOf(job), JSON::readTree);
        List<JobStatus> statuses = new ArrayList<>();
        record.path("statuses").forEach(s -> statuses.add(new JobStatus(s.path("status").asText(), null, null)));
        return statuses;
    }

    private static List<String> statuses(List<JobStatus> history) {
        return history.stream().map(JobStatus::status).collect(Collectors.toList());
    }
}
