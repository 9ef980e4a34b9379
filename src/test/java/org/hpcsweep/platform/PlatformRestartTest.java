package org.hpcsweep.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, "nothing lost": a platform started on the data dir of one that stopped, or whose JVM was
 * killed, comes back with its jobs and files: finished jobs answer as before, queued jobs run, and a
 * job that was running is re-adopted (its process outlived the dead platform) or ended with a reason.
 */
class PlatformRestartTest {
    private static final String KEY = "restart-key";
    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void should_come_back_after_a_stop_with_finished_jobs_their_files_and_queued_jobs() throws Exception {
        Path data = dir.resolve("platform");
        Path input = Files.writeString(dir.resolve("input.txt"), "kept across restarts\n");
        String upload;
        String done;
        String cut;
        String waiting;
        List<JsonNode> doneStatuses;
        // One core: the long job runs, the third waits behind it.
        try (LocalPlatform first = LocalPlatform.start(new LocalPlatformSettings("127.0.0.1", 0, data, Set.of(KEY), 1))) {
            PlatformClient api = new PlatformClient(first.baseUrl(), KEY);
            upload = api.upload(input).json().path("id").asText();
            done = submit(api, "done", "cat input.txt > copy.txt", upload);
            api.awaitStatus(done, "Completed");
            doneStatuses = statuses(api, done);
            cut = submit(api, "cut", "sleep 60", null);
            api.awaitStatus(cut, "Executing");
            waiting = submit(api, "waiting", "echo ran-after-restart > after.txt", null);
            assertEquals("Queued", api.latest(waiting).path("status").asText());
        }
        try (LocalPlatform second = LocalPlatform.start(new LocalPlatformSettings("127.0.0.1", 0, data, Set.of(KEY), 1))) {
            PlatformClient api = new PlatformClient(second.baseUrl(), KEY);
            assertEquals(doneStatuses, statuses(api, done), "a finished job's history as before");
            assertEquals("kept across restarts\n", api.output(done, "copy.txt"), "its output still downloads");
            assertEquals(200, api.get("/api/v2/files/" + upload + "/").status(), "the upload is still known");
            assertEquals("kept across restarts\n", api.get("/api/v2/files/" + upload + "/contents/").body());
            assertEquals(JobRunner.PLATFORM_STOPPED, api.latest(cut).path("statusReason").asText(), "the job the stop cut short says so");
            api.awaitStatus(waiting, "Completed");
            assertEquals("Completed successfully", api.latest(waiting).path("statusReason").asText());
            assertEquals("ran-after-restart\n", api.output(waiting, "after.txt"), "the queued job ran after the restart");
            List<String> ids = new ArrayList<>();
            api.get("/api/v2/jobs/").json().path("results").forEach(j -> ids.add(j.path("id").asText()));
            assertEquals(List.of(waiting, cut, done), ids, "listed newest first, as before");
        }
    }

    @Test
    @Timeout(120)
    void should_re_adopt_a_job_still_running_when_the_platform_jvm_was_killed_and_end_one_that_ended_meanwhile() throws Exception {
        Path data = dir.resolve("platform");
        Path keyFile = Files.writeString(dir.resolve("key"), KEY);
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Process platform = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.hpcsweep.cli.HpcSweep", "platform", "--port", Integer.toString(port),
                "--data-dir", data.toString(), "--cores", "2", "--api-key-file", keyFile.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("platform.log").toFile()).start();
        String outlives;
        String endsMeanwhile;
        String acknowledged;
        try {
            PlatformClient first = new PlatformClient(java.net.URI.create("http://127.0.0.1:" + port), KEY);
            awaitUp(first, platform);
            // Both run when the platform dies; one ends while no platform is there, one only after the next one started.
            outlives = submit(first, "outlives", "sleep 15; echo survived > survived.txt", null);
            endsMeanwhile = submit(first, "meanwhile", "sleep 1; echo partial > partial.txt; exit 3", null);
            first.awaitStatus(outlives, "Executing");
            first.awaitStatus(endsMeanwhile, "Executing");
            Thread.sleep(1_000); // the records are written off the request threads, within JobRecords.BATCH_MILLIS
            // Killed right after its create and submit were answered: what the client was told is kept.
            acknowledged = submit(first, "acknowledged", "echo ran > ran.txt", null);
        } finally {
            platform.destroyForcibly();
            platform.waitFor();
        }
        Thread.sleep(2_000);
        try (LocalPlatform second = LocalPlatform.start(new LocalPlatformSettings("127.0.0.1", 0, data, Set.of(KEY), 2))) {
            PlatformClient api = new PlatformClient(second.baseUrl(), KEY);
            JsonNode meanwhile = api.awaitStatus(endsMeanwhile, "Completed");
            assertEquals(JobRunner.RUN_FAILED, meanwhile.path("statusReason").asText(), "ended by the exit code its wrapper wrote");
            assertEquals("partial\n", api.output(endsMeanwhile, "partial.txt"));
            assertEquals("Executing", api.latest(outlives).path("status").asText(), "still running, re-adopted");
            JsonNode adopted = api.awaitStatus(outlives, "Completed");
            assertEquals("Completed successfully", adopted.path("statusReason").asText());
            assertEquals("survived\n", api.output(outlives, "survived.txt"));
            assertEquals("Completed successfully", api.awaitStatus(acknowledged, "Completed").path("statusReason").asText(),
                    "a job whose submit was answered runs after the restart");
            assertEquals("ran\n", api.output(acknowledged, "ran.txt"));
        }
    }

    @Test
    @Timeout(120)
    void should_leave_running_jobs_running_at_a_stop_that_keeps_them_and_finish_them_after_the_restart() throws Exception {
        Path data = dir.resolve("platform");
        LocalPlatformSettings keep = new LocalPlatformSettings("127.0.0.1", 0, data, Set.of(KEY), 1, "", false,
                LocalPlatformSettings.HOST_NETWORK, LocalPlatformSettings.KEEP_JOBS);
        String running;
        String waiting;
        long pid;
        try (LocalPlatform first = LocalPlatform.start(keep)) {
            PlatformClient api = new PlatformClient(first.baseUrl(), KEY);
            running = submit(api, "running", "sleep 6; echo outlived-the-stop > kept.txt", null);
            api.awaitStatus(running, "Executing");
            waiting = submit(api, "waiting", "echo ran-after-restart > after.txt", null);
            assertEquals("Queued", api.latest(waiting).path("status").asText());
            pid = Long.parseLong(Files.readString(data.resolve("jobs").resolve(running).resolve(Orphans.PID_FILE)).strip());
        }
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the running job's process outlived the stop");
        // Meanwhile another platform on this machine runs a job: as root it takes a pool user, and must not
        // take (and at its end sweep) the one the job left running runs as.
        try (LocalPlatform other = LocalPlatform.start(new LocalPlatformSettings("127.0.0.1", 0, dir.resolve("other"), Set.of(KEY), 1))) {
            PlatformClient api = new PlatformClient(other.baseUrl(), KEY);
            String quick = submit(api, "quick", "echo elsewhere", null);
            assertEquals("Completed successfully", api.awaitStatus(quick, "Completed").path("statusReason").asText());
        }
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the job left running survived the other platform's job");
        try (LocalPlatform second = LocalPlatform.start(keep)) {
            PlatformClient api = new PlatformClient(second.baseUrl(), KEY);
            assertEquals("Executing", api.latest(running).path("status").asText(), "still running, re-adopted");
            JsonNode ended = api.awaitStatus(running, "Completed");
            assertEquals("Completed successfully", ended.path("statusReason").asText(), "not cut short by the stop");
            assertEquals("outlived-the-stop\n", api.output(running, "kept.txt"));
            assertEquals(1, statuses(api, running).stream().filter(st -> st.path("status").asText().equals("Executing")).count(),
                    "run once, not again");
            assertEquals("Completed successfully", api.awaitStatus(waiting, "Completed").path("statusReason").asText(),
                    "the queued job runs after the restart");
        }
    }

    /**
     * A platform that died after its jobs' commands started (each job's pid file written) and before
     * Executing was recorded left them recorded Validated: one still has its pid file (its process ended
     * meanwhile), one's command ended before the platform died (pid file removed, exit code written).
     * The next platform ends both by their exit codes; it must not queue them again and run them twice.
     */
    @Test
    @Timeout(60)
    void should_end_jobs_recorded_validated_whose_commands_ran_by_their_exit_codes_not_run_them_twice() throws Exception {
        Path data = dir.resolve("validated");
        Files.createDirectories(data.resolve("jobs"));
        JobRecords records = new JobRecords(data);
        LocalJob withPid = validated(data, "vAlid1", records);
        LocalJob exited = validated(data, "vAlid2", records);
        records.close();
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        Files.writeString(withPid.dir().resolve(Orphans.PID_FILE), Long.toString(ended.pid()));
        Files.writeString(withPid.dir().resolve(JobProcess.EXIT_FILE), "0");
        Files.writeString(exited.dir().resolve(JobProcess.EXIT_FILE), "0");

        try (LocalPlatform platform = LocalPlatform.start(new LocalPlatformSettings("127.0.0.1", 0, data, Set.of(KEY), 1))) {
            PlatformClient api = new PlatformClient(platform.baseUrl(), KEY);
            for (LocalJob job : List.of(withPid, exited)) {
                assertEquals("Completed successfully", api.awaitStatus(job.id(), "Completed").path("statusReason").asText());
                List<String> history = new ArrayList<>();
                api.get("/api/v2/jobs/" + job.id() + "/statuses/").json().path("results").forEach(st -> history.add(st.path("status").asText()));
                assertEquals(List.of("Completed", "Validated", "Started", "Queued", "Pending"), history, job.id() + ": ended, not started again");
                assertTrue(!Files.exists(job.dir().resolve("work").resolve("ran.txt")), job.id() + ": the command did not run again");
            }
        }
    }

    /** A job recorded as Validated, its work dir made: as a platform that died right after starting its command left it. */
    private static LocalJob validated(Path data, String id, JobRecords records) throws Exception {
        LocalJob job = new LocalJob(id, PlatformClient.JSON.createObjectNode().put("name", id),
                new JobRequestReader.JobRequest(id, "echo again >> ran.txt", "shell", "5", false, 1, 1, 0.05, List.of(), Map.of()),
                data.resolve("jobs").resolve(id));
        List.of(LocalJob.QUEUED, LocalJob.STARTED, LocalJob.VALIDATED).forEach(status -> job.status(status, null));
        records.writeNow(job);
        Files.createDirectories(job.dir().resolve("work"));
        return job;
    }

    private static void awaitUp(PlatformClient api, Process platform) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            assertTrue(platform.isAlive(), "the platform process ended");
            try {
                if (api.get("/api/v2/jobs/").status() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the platform did not come up");
    }

    private static String submit(PlatformClient api, String name, String command, String fileId) throws Exception {
        return api.submitShell(name, command, Map.of(), "shell", fileId);
    }

    private static List<JsonNode> statuses(PlatformClient api, String id) throws Exception {
        List<JsonNode> all = new ArrayList<>();
        api.get("/api/v2/jobs/" + id + "/statuses/").json().path("results").forEach(all::add);
        return all;
    }

}
