package org.hpcsweep.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.hpcsweep.platform.LocalPlatform;
import org.hpcsweep.platform.LocalPlatformSettings;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The store on each database the service supports: an inbox study, the service stopped while its
 * jobs run and started again on the same database, resumes and reports, each job placed once.
 */
class DatabaseRestartTest {
    private static final String KEY = "db-restart-key";
    @TempDir
    Path dir;

    @ParameterizedTest
    @MethodSource("org.hpcsweep.service.TestDatabases#kinds")
    @Timeout(120)
    void should_resume_an_inbox_study_after_a_restart_on_the_same_database(String kind) throws Exception {
        TestDatabases.Db db = TestDatabases.fresh(kind, dir);
        try (LocalPlatform platform = LocalPlatform.start(new LocalPlatformSettings("127.0.0.1", 0, dir.resolve("platform"), Set.of(KEY), 2))) {
            Map<String, String> settings = new HashMap<>(db.settings());
            settings.put("hpcsweep.inbox.enabled", "true");
            settings.put("hpcsweep.resume", "true");
            Path inbox = Files.createDirectories(dir.resolve("inbox"));
            Path zip = TestStudies.shellStudy(dir, "db.zip", "name: db\nprocessors: [1, 2]\njob: {command: \"sleep 2; bash workload.sh {procs} 1000\"}\n");
            try (HpcSweepService first = HpcSweepService.start(TestStudies.onPlatform(dir, platform.baseUrl(), KEY, settings))) {
                Files.move(zip, inbox.resolve("db.zip"));
                long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (platform.counters().jobsSubmitted() < 2 && System.nanoTime() < end) {
                    Thread.sleep(50);
                }
                assertEquals(2, platform.counters().jobsSubmitted(), "both jobs running before the stop");
            }
            try (HpcSweepService second = HpcSweepService.start(TestStudies.onPlatform(dir, platform.baseUrl(), KEY, settings))) {
                Path report = TestStudies.awaitReport(dir.resolve("output/db"), Duration.ofSeconds(60), kind);
                assertEquals(3, Files.readAllLines(report.resolveSibling("results.csv")).size(), "both jobs reported");
            }
            assertEquals(2, platform.counters().jobsCreated(), "each job placed once");
            assertTrue(Files.exists(inbox.resolve(".done/db.zip")));
        }
    }

    @org.junit.jupiter.api.Test
    @Timeout(60)
    void should_refuse_a_second_service_on_the_same_postgresql_database_from_elsewhere() throws Exception {
        TestDatabases.Db db = TestDatabases.fresh(TestDatabases.POSTGRESQL, dir);
        try (HpcSweepService first = HpcSweepService.start(TestStudies.settings(dir.resolve("host-a"), db.settings()))) {
            // Another host: its own folders (so no file lock is shared), the same database.
            IllegalStateException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> HpcSweepService.start(TestStudies.settings(dir.resolve("host-b"), db.settings())));
            assertTrue(refused.getMessage().contains("holds the lease on the database"), refused.getMessage());
        }
        try (HpcSweepService again = HpcSweepService.start(TestStudies.settings(dir.resolve("host-b"), db.settings()))) {
            assertTrue(again.flow().registry().all().isEmpty(), "the lease goes with the first service");
        }
    }
}
