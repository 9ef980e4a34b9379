package org.hpcsweep.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.hpcsweep.platform.LocalPlatform;
import org.hpcsweep.platform.LocalPlatformSettings;
import org.hpcsweep.service.HpcSweepService;
import org.hpcsweep.service.TestStudies;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The client-side rate limiter holds: with a submit limit of 4 an hour at 100 %, a study of 6 jobs
 * gets 4 submitted and the rest wait (they would go on in the next hour), instead of going over;
 * whether 4 jobs are placed at once or 8 (the default): the limiter counts calls, not threads, and
 * all 6 placements racing to it at once must not get a fifth submit through.
 */
class RateLimitTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} placements at once")
    @ValueSource(ints = {4, 8})
    @Timeout(90)
    void should_not_submit_more_jobs_an_hour_than_the_limit(int placementsAtOnce) throws Exception {
        Path keyFile = Files.writeString(dir.resolve("key"), "limit-key");
        try (LocalPlatform platform = LocalPlatform.start(new LocalPlatformSettings("127.0.0.1", 0, dir.resolve("platform"), Set.of("limit-key"), 2))) {
            HpcSweepService service = HpcSweepService.start(TestStudies.settings(dir, Map.of(
                    "hpcsweep.platform.url", platform.baseUrl().toString(),
                    "hpcsweep.platform.api-key-file", keyFile.toString(),
                    "hpcsweep.rate.submit-per-hour", "4",
                    "hpcsweep.rate.share", "1.0",
                    "hpcsweep.submit.concurrency", Integer.toString(placementsAtOnce),
                    "camel.main.shutdownTimeout", "2")));
            try {
                Path zip = TestStudies.shellStudy(dir, "limited.zip", "name: limited\nprocessors: [1]\nparameters: {rep: [1, 2, 3, 4, 5, 6]}\n"
                        + "job: {command: \"true\"}\n");
                Thread submitting = new Thread(() -> service.submit(zip), "submitting");
                submitting.setDaemon(true);
                submitting.start();
                long end = System.nanoTime() + 20_000_000_000L;
                while (platform.counters().jobsCreated() < 6 && System.nanoTime() < end) {
                    Thread.sleep(100);
                }
                Thread.sleep(2000);
                // After the four submits the limit allows, the other two jobs are created (creates are
                // not in the submit scope) and wait to be submitted.
                assertEquals(6, platform.counters().jobsCreated(), "creates are not in the submit scope");
                assertEquals(4, platform.counters().jobsSubmitted(), "submits held at the limit");
            } finally {
                service.close();
            }
        }
    }
}
