package org.hpcsweep.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.hpcsweep.platform.LocalPlatform;
import org.hpcsweep.platform.LocalPlatformSettings;
import org.hpcsweep.service.TestStudies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the service (a child JVM, {@code kill -9}) at each step of a study, starts it again each
 * time, and checks that the study still ends with every job created and submitted exactly once on
 * the platform and every result collected. The platform runs in this test's JVM, as Rescale would
 * run elsewhere: it outlives the service.
 */
class ServiceRestartTest {
    private static final int JOBS = 4;
    /** The child services' output, kept for reading when something goes wrong. */
    private static final Path LOGS = Path.of("target", "service-restart-logs");
    @TempDir
    Path dir;

    @Test
    void should_finish_a_study_exactly_once_through_kill_9_at_each_step() throws Exception {
        Setup at = setUp();
        String key = at.key();
        Path keyFile = at.keyFile();
        Path inbox = at.inbox();
        Path output = at.output();
        try (LocalPlatform platform = LocalPlatform.start(new LocalPlatformSettings("127.0.0.1", 0, dir.resolve("platform"), Set.of(key), 2));
             FaultyPlatformProxy proxy = new FaultyPlatformProxy(platform.baseUrl(), 1, 0)) {
            // Slow creates and downloads a little so that a kill can land in the middle of them.
            proxy.delay("POST /api/v2/jobs/", 700);
            proxy.delay("/contents/", 700);
            ChildService child = child(proxy, keyFile, inbox, output);
            Path zip = TestStudies.shellStudy(dir, "restart.zip", """
                    name: restart
                    processors: [1, 2]
                    parameters:
                      rep: [1, 2]
                    job:
                      command: "sleep 2; bash workload.sh {procs} 200000"
                    """);
            int kills = 0;
            Process service = child.start(0);
            Files.move(zip, inbox.resolve("restart.zip"));

            List<String> steps = new ArrayList<>();
            // 1. after the upload, before any job exists
            child.await(() -> platform.counters().filesUploaded() >= 1, "upload");
            service = killAndRestart(child, service, ++kills, steps, "after upload");
            // 2. in the middle of the submissions
            child.await(() -> platform.counters().jobsCreated() >= 2, "two jobs created");
            service = killAndRestart(child, service, ++kills, steps, "mid-submission");
            // 3. while polling: every job submitted, none finished
            child.await(() -> platform.counters().jobsSubmitted() >= JOBS, "all jobs submitted");
            service = killAndRestart(child, service, ++kills, steps, "while polling");
            // 4. in the middle of collecting results
            child.await(() -> countFiles(output, "comp_time.log") >= 1, "a first result collected");
            service = killAndRestart(child, service, ++kills, steps, "mid-collect");

            Path report = TestStudies.awaitReport(output.resolve("restart"), Duration.ofSeconds(120), "service logs in " + LOGS.toAbsolutePath());
            service.destroy();
            service.waitFor();

            List<String> csv = Files.readAllLines(report.resolveSibling("results.csv"));
            long withTime = csv.stream().skip(1).filter(l -> l.matches("^\\d+,[0-9.]+,.*")).count();
            System.out.printf("kills survived: %d (%s); jobs created %d, submitted %d (expected %d each); "
                            + "results %d/%d; duplicates %d; results lost %d%n", kills, steps,
                    platform.counters().jobsCreated(), platform.counters().jobsSubmitted(), JOBS, withTime, JOBS,
                    platform.counters().jobsCreated() - JOBS, JOBS - withTime);
            assertEquals(JOBS, platform.counters().jobsCreated(), "each job created exactly once");
            assertEquals(JOBS, platform.counters().jobsSubmitted(), "each job submitted exactly once");
            assertEquals(JOBS + 1, csv.size(), "one row per job: " + csv);
            assertEquals(JOBS, withTime, "every result collected: " + csv);
            assertEquals(4, kills);
            assertTrue(Files.exists(inbox.resolve(".done/restart.zip")), "the zip ends in .done");
            assertKeyNowhere(key, LOGS, "the service's logs");
            assertKeyNowhere(key, output, "the report");
            assertKeyNowhere(key, dir.resolve("db"), "the database");
        }
    }

    /**
     * Killed just after the inbox picked a zip up, before or just after its run was recorded: after the
     * restart the study runs, exactly once (a zip counts as taken only once its run is recorded).
     */
    @Test
    void should_run_an_inbox_study_killed_just_after_its_pickup_exactly_once() throws Exception {
        Setup at = setUp();
        Path keyFile = at.keyFile();
        Path inbox = at.inbox();
        Path output = at.output();
        String key = at.key();
        try (LocalPlatform platform = LocalPlatform.start(new LocalPlatformSettings("127.0.0.1", 0, dir.resolve("platform"), Set.of(key), 2));
             FaultyPlatformProxy proxy = new FaultyPlatformProxy(platform.baseUrl(), 1, 0)) {
            ChildService child = child(proxy, keyFile, inbox, output);
            Path zip = TestStudies.shellStudy(dir, "pickup.zip", """
                    name: pickup
                    processors: [1, 2]
                    job:
                      command: "bash workload.sh {procs} 1000"
                    """);
            Process service = child.start(10);
            Files.move(zip, inbox.resolve("pickup.zip"));
            Path log = child.log(10);
            child.await(() -> readQuietly(log).contains("picked up pickup.zip"), "the pickup");
            service = killAndRestart(child, service, 11, new ArrayList<>(), "after pickup");

            Path report = TestStudies.awaitReport(output.resolve("pickup"), Duration.ofSeconds(90), "service logs in " + LOGS.toAbsolutePath());
            service.destroy();
            service.waitFor();
            try (Stream<Path> runs = Files.list(output.resolve("pickup"))) {
                assertEquals(1, runs.filter(Files::isDirectory).count(), "one run of the study");
            }
            assertEquals(2, platform.counters().jobsCreated(), "each job created once");
            assertEquals(3, Files.readAllLines(report.resolveSibling("results.csv")).size());
            assertTrue(Files.exists(inbox.resolve(".done/pickup.zip")), "the zip ends in .done");
            assertTrue(!Files.exists(inbox.resolve(".done/pickup.skipped.txt")) || countFiles(output.resolve("pickup"), "report.html") == 1,
                    "a zip skipped after the restart is one whose run was recorded before the kill, and that run reported");
        }
    }

    /** Where a test's service keeps things, and the platform key it uses. */
    private record Setup(String key, Path keyFile, Path inbox, Path output) {
    }

    private Setup setUp() throws IOException {
        Files.createDirectories(LOGS);
        // A key that cannot appear by chance: the test looks for it in everything the service wrote.
        String key = "sk-" + java.util.UUID.randomUUID();
        return new Setup(key, Files.writeString(dir.resolve("key"), key), Files.createDirectories(dir.resolve("inbox")), dir.resolve("output"));
    }

    private static String readQuietly(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Secrets stay secret: the key is in no log line, no database page and no report file. */
    private static void assertKeyNowhere(String key, Path root, String what) throws IOException {
        byte[] needle = key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                byte[] bytes = Files.readAllBytes(file);
                for (int i = 0; i + needle.length <= bytes.length; i++) {
                    if (java.util.Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length)) {
                        throw new AssertionError("the API key appears in " + what + ": " + file);
                    }
                }
            }
        }
    }

    private ChildService child(FaultyPlatformProxy proxy, Path keyFile, Path inbox, Path output) {
        return new ChildService(LOGS, dir, inbox, output, Map.of(
                "hpcsweep.platform.url", proxy.baseUrl().toString(),
                "hpcsweep.platform.api-key-file", keyFile.toString()));
    }

    private static Process killAndRestart(ChildService child, Process service, int generation, List<String> steps, String step)
            throws Exception {
        ChildService.kill(service);
        steps.add(step);
        return child.start(generation);
    }

    private static long countFiles(Path root, String name) {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getFileName().toString().equals(name)).count();
        } catch (IOException e) {
            return 0;
        }
    }

}
