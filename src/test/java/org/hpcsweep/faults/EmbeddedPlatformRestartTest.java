package org.hpcsweep.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hpcsweep.service.TestStudies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18 end to end: a service on the embedded platform (url {@code local}) is killed ({@code kill -9},
 * its platform dies with it) while its jobs run, and started again on the same data dir. Its new
 * platform, on a new port with a new key, comes back with the jobs (it re-adopts the ones still
 * running), and the study finishes with every result, no job created twice and none lost.
 */
class EmbeddedPlatformRestartTest {
    private static final int JOBS = 2;
    private static final Path LOGS = Path.of("target", "embedded-restart-logs");
    @TempDir
    Path dir;

    @Test
    @Timeout(240)
    void should_finish_a_study_whose_service_and_embedded_platform_were_killed_while_its_jobs_ran() throws Exception {
        finishesAfterTheServiceEnds("killed", ChildService::kill);
    }

    /**
     * A graceful stop (Ctrl-C, SIGTERM; a restart for an upgrade) of {@code serve} leaves the embedded
     * platform's running jobs running (hpcsweep.platform.local.jobs-at-stop, keep-running under serve):
     * they are re-adopted and complete, not ended "The platform stopped while this job ran".
     */
    @Test
    @Timeout(240)
    void should_finish_a_study_whose_service_was_stopped_while_its_jobs_ran_with_the_jobs_left_running() throws Exception {
        List<String> csv = finishesAfterTheServiceEnds("stopped", service -> {
            ChildService.stop(service);
            assertEquals(JOBS, count(dir.resolve("platform").resolve("jobs"), "pid"), "both jobs still running after the stop");
        });
        assertEquals(List.of(), csv.stream().filter(l -> l.contains("platform stopped")).toList(), "no job cut short by the stop");
    }

    @FunctionalInterface
    private interface Ending {
        void end(Process service) throws Exception;
    }

    /** Runs a 2-job study, ends the service while both jobs run, starts it again; returns results.csv once all is collected. */
    private List<String> finishesAfterTheServiceEnds(String how, Ending ending) throws Exception {
        Files.createDirectories(LOGS.resolve(how));
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        Path output = dir.resolve("output");
        Path jobs = dir.resolve("platform").resolve("jobs");
        ChildService child = new ChildService(LOGS.resolve(how), dir, inbox, output, Map.of(
                "hpcsweep.platform.url", "local",
                "hpcsweep.platform.local.data-dir", dir.resolve("platform").toString(),
                "hpcsweep.platform.local.cores", "2",
                // Short, so that a platform that came back without the jobs would fail them as lost within the test.
                "hpcsweep.poll.lost-after-millis", "3000"));
        Path zip = TestStudies.shellStudy(dir, "embedded.zip", """
                name: embedded
                processors: [1]
                parameters:
                  rep: [1, 2]
                job:
                  command: "sleep 6; bash workload.sh {procs} 1000"
                """);
        Process service = child.start(0);
        try {
            Files.move(zip, inbox.resolve("embedded.zip"));
            // Both jobs run (each has its pid file while it runs), then the service dies with its platform.
            child.await(() -> count(jobs, "pid") == JOBS, "both jobs running");
            ending.end(service);
            service = child.start(1);
            Path report = TestStudies.awaitReport(output.resolve("embedded"), Duration.ofSeconds(150),
                    "service logs in " + LOGS.resolve(how).toAbsolutePath());
            List<String> csv = Files.readAllLines(report.resolveSibling("results.csv"));
            assertEquals(JOBS + 1, csv.size(), "one row per job: " + csv);
            assertEquals(JOBS, csv.stream().skip(1).filter(l -> l.matches("^\\d+,[0-9.]+,.*")).count(),
                    "every job's result collected, none lost: " + csv);
            assertEquals(JOBS, records(jobs), "no job created twice");
            assertEquals(JOBS, csv.stream().skip(1).filter(l -> l.contains(",SUCCEEDED")).count(),
                    "every job ran to its end, none cut short: " + csv);
            return csv;
        } finally {
            ChildService.kill(service);
        }
    }

    /** Job records under {@code jobs} (the platform's {@code jobs/<id>.jsonl}, one per job it knows). */
    private static long records(Path jobs) {
        if (!Files.isDirectory(jobs)) {
            return 0;
        }
        try (Stream<Path> all = Files.list(jobs)) {
            return all.filter(f -> f.getFileName().toString().endsWith(".jsonl") && Files.isRegularFile(f)).count();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Job dirs under {@code jobs} holding a file {@code name}. */
    private static long count(Path jobs, String name) {
        if (!Files.isDirectory(jobs)) {
            return 0;
        }
        try (Stream<Path> dirs = Files.list(jobs)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve(name))).count();
        } catch (IOException e) {
            return 0;
        }
    }
}
