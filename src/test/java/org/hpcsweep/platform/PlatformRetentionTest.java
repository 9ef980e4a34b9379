package org.hpcsweep.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A platform given a keep time deletes each job that long after it completed, as a DELETE would (record,
 * work dir, outputs), and never a job still running; without one it keeps them all, as Rescale does.
 */
class PlatformRetentionTest {
    private static final String KEY = "retention-key";
    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void should_delete_a_job_its_keep_time_after_it_completed_and_leave_a_running_one() throws Exception {
        Path data = dir.resolve("platform");
        try (LocalPlatform platform = LocalPlatform.start(new LocalPlatformSettings("127.0.0.1", 0, data, Set.of(KEY), 2, "", false,
                LocalPlatformSettings.HOST_NETWORK, LocalPlatformSettings.STOP_JOBS, Duration.ofSeconds(1)))) {
            PlatformClient api = new PlatformClient(platform.baseUrl(), KEY);
            String done = api.runShell("done", "echo kept-a-moment > out.txt", Map.of());
            String output = api.outputs(done).get("out.txt").path("downloadUrl").asText();
            String running = api.submitShell("running", "sleep 4", Map.of(), "shell", null);
            api.awaitStatus(running, "Executing");

            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (api.get("/api/v2/jobs/" + done + "/").status() != 404) {
                assertTrue(System.nanoTime() < end, "the completed job was not deleted within 20 s of a 1 s keep time");
                Thread.sleep(100);
            }
            assertEquals(404, api.get(output).status(), "its output went with it");
            assertFalse(Files.exists(data.resolve("jobs").resolve(done)), "its dir went with it");
            assertEquals("Executing", api.latest(running).path("status").asText(), "a running job is never deleted");
            assertEquals("Completed successfully", api.awaitStatus(running, "Completed").path("statusReason").asText(), "it ran to its end");
        }
    }

    @Test
    void should_stop_a_service_whose_keep_time_setting_is_not_a_duration_naming_the_setting() {
        Exception e = assertThrows(Exception.class, () -> org.hpcsweep.service.HpcSweepService.start(org.hpcsweep.service.TestStudies
                .settings(dir, Map.of("hpcsweep.platform.local.keep-completed", "30 days"))).close());
        String messages = "";
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages += t.getMessage() + "\n";
        }
        assertTrue(messages.contains("hpcsweep.platform.local.keep-completed must be an ISO-8601 duration such as P30D"), messages);
    }

    @Test
    void should_refuse_a_keep_time_that_is_not_positive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LocalPlatformSettings("127.0.0.1", 0,
                dir, Set.of(KEY), 1, "", false, LocalPlatformSettings.HOST_NETWORK, LocalPlatformSettings.STOP_JOBS, Duration.ZERO));
        assertTrue(e.getMessage().contains("P30D"), e.getMessage());
    }
}
