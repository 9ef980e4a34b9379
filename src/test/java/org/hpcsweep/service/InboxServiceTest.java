package org.hpcsweep.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service's inbox: zips dropped there run as studies; bad ones are set aside with the reason, and the service goes on. */
class InboxServiceTest {
    @TempDir
    static Path dir;
    static HpcSweepService service;
    static Path inbox;

    @BeforeAll
    static void start() throws Exception {
        inbox = dir.resolve("inbox");
        Files.createDirectories(inbox);
        service = HpcSweepService.start(TestStudies.settings(dir, Map.of("hpcsweep.inbox.enabled", "true")));
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
    }

    @Test
    void should_set_aside_bad_zips_with_the_reason_and_keep_running() throws Exception {
        Path staging = Files.createDirectories(dir.resolve("staging"));
        Files.writeString(staging.resolve("notazip.zip"), "just text");
        TestStudies.zip(staging.resolve("badstudy.zip"), Map.of("study.yaml", "name: x\nprocessors: [0]\njob: {command: run}\n"));
        TestStudies.zip(staging.resolve("slip.zip"), Map.of("study.yaml", "name: x\n", "../escape.sh", "rm -rf /"));
        for (String name : new String[] {"notazip.zip", "badstudy.zip", "slip.zip"}) {
            Files.move(staging.resolve(name), inbox.resolve(name));
        }
        Path errors = inbox.resolve(".error");
        awaitFile(errors.resolve("slip.error.txt"));
        awaitFile(errors.resolve("notazip.error.txt"));
        awaitFile(errors.resolve("badstudy.error.txt"));
        assertTrue(Files.readString(errors.resolve("notazip.error.txt")).contains("not a zip archive"));
        assertTrue(Files.readString(errors.resolve("badstudy.error.txt")).contains("'processors[0]' must be at least 1, not 0"));
        assertTrue(Files.readString(errors.resolve("slip.error.txt")).contains("'../escape.sh'"));
        assertTrue(Files.exists(errors.resolve("notazip.zip")), "the zip itself is kept");

        // ...and the service still runs a good study dropped after them, with a sidecar study file.
        Path good = TestStudies.zip(staging.resolve("good.zip"), Map.of("workload.sh", Files.readString(TestStudies.WORKLOAD)));
        Files.writeString(inbox.resolve("good.study.yaml"), """
                name: from-inbox
                processors: [1]
                job:
                  command: "bash workload.sh {procs} 100000"
                """);
        Files.move(good, inbox.resolve("good.zip"));
        Path studyOut = dir.resolve("output/from-inbox");
        Path report = TestStudies.awaitReport(studyOut, Duration.ofSeconds(90), null);
        assertTrue(Files.readString(report.resolveSibling("results.csv")).lines().count() == 2);
        awaitFile(inbox.resolve(".done/good.zip"));
        awaitFile(inbox.resolve(".done/good.study.yaml"));
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!service.flow().registry().all().isEmpty() && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        assertEquals(0, service.flow().registry().all().size(), "nothing left running");
    }

    @Test
    void should_set_aside_a_study_whose_matrix_is_too_large_naming_its_product() throws Exception {
        String hundred = java.util.stream.IntStream.range(0, 100).mapToObj(Integer::toString)
                .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
        Path staging = Files.createDirectories(dir.resolve("staging-huge"));
        TestStudies.zip(staging.resolve("huge.zip"), Map.of("study.yaml", "name: huge\nprocessors: [1, 2]\nparameters: {a: " + hundred
                + ", b: " + hundred + "}\njob: {command: \"echo {a} {b}\"}\n"));
        Files.move(staging.resolve("huge.zip"), inbox.resolve("huge.zip"));
        Path error = inbox.resolve(".error/huge.error.txt");
        awaitFile(error);
        assertTrue(Files.readString(error).contains("the matrix has 2 x 100 x 100 = 20,000 jobs; at most 10,000 (hpcsweep.study.max-jobs)"),
                Files.readString(error));
    }

    @Test
    void should_log_one_error_line_without_a_stack_trace_for_a_bad_zip() throws Exception {
        Path staging = Files.createDirectories(dir.resolve("staging-logged"));
        // A study file with two mistakes: both in the .error.txt, one per line, and still one log line.
        TestStudies.zip(staging.resolve("logged.zip"), Map.of("study.yaml", "name: x\nprocessors: [0]\njob: {command: run, slots: 0}\n"));
        try (LogCapture log = new LogCapture()) {
            Files.move(staging.resolve("logged.zip"), inbox.resolve("logged.zip"));
            awaitFile(inbox.resolve(".error/logged.error.txt"));
            String written = Files.readString(inbox.resolve(".error/logged.error.txt"));
            assertTrue(written.contains("2 problems:\n") && written.contains("'processors[0]' must be at least 1, not 0\n")
                    && written.contains("'job.slots' must be at least 1, not 0\n"), written);
            Thread.sleep(500); // whatever Camel would log after moving the file
            java.util.List<String> lines = log.events().stream()
                    .filter(e -> e.getMessage().getFormattedMessage().contains("logged.zip"))
                    .map(e -> e.getLevel() + " " + e.getLoggerName() + " " + e.getMessage().getFormattedMessage()
                            + (e.getThrown() == null ? "" : " +thrown " + e.getThrown()))
                    .toList();
            assertEquals(1, lines.size(), String.join("\n", lines));
            assertTrue(lines.get(0).startsWith("ERROR hpcsweep.inbox rejected ") && !lines.get(0).contains("\n")
                    && lines.get(0).contains("'job.slots'"), lines.get(0));
            assertTrue(log.events().stream().noneMatch(e -> e.getThrown() != null
                    || e.getMessage().getFormattedMessage().contains("Stacktrace")), "no stack trace logged");
        }
    }

    private static void awaitFile(Path file) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.exists(file)) {
            if (System.nanoTime() > end) {
                throw new AssertionError(file + " did not appear");
            }
            Thread.sleep(100);
        }
    }

}
