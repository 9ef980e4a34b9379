package org.hpcsweep.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.hpcsweep.platform.LocalPlatform;
import org.hpcsweep.platform.LocalPlatformSettings;
import org.hpcsweep.service.HpcSweepService;
import org.hpcsweep.service.ServiceSettings;
import org.hpcsweep.service.TestStudies;
import org.hpcsweep.study.JobOutcome;
import org.hpcsweep.study.JobState;
import org.hpcsweep.study.StudyOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A platform whose answers take longer than the monitor's tick, as over a WAN: each job that ends
 * still costs exactly one call for its final status, however many ticks that call spans.
 */
class SlowPlatformPollTest {
    @TempDir
    Path dir;

    @Test
    void should_ask_each_ended_job_for_its_final_status_once_when_calls_outlast_the_tick() throws Exception {
        String key = "slow-key";
        Path keyFile = Files.writeString(dir.resolve("key"), key);
        try (LocalPlatform platform = LocalPlatform.start(new LocalPlatformSettings("127.0.0.1", 0, dir.resolve("platform"), Set.of(key), 8));
             FaultyPlatformProxy proxy = new FaultyPlatformProxy(platform.baseUrl(), 1, 0)) {
            // Every call a WAN round trip, the final-status calls three ticks long.
            proxy.delay("", 50);
            proxy.delay("/statuses/", 300);
            ServiceSettings settings = TestStudies.settings(dir, Map.of(
                    "hpcsweep.platform.url", proxy.baseUrl().toString(),
                    "hpcsweep.platform.api-key-file", keyFile.toString(),
                    "hpcsweep.poll.min-interval-millis", "100",
                    "hpcsweep.poll.max-interval-millis", "500"));
            Path zip = TestStudies.shellStudy(dir, "slow.zip", """
                    name: slow
                    processors: [1]
                    parameters:
                      rep: [1, 2, 3, 4, 5, 6, 7, 8]
                    job:
                      command: "sleep 1; bash workload.sh {procs} 1000"
                    """);
            StudyOutcome outcome;
            try (HpcSweepService service = HpcSweepService.start(settings)) {
                outcome = service.submit(zip).completion().get(120, TimeUnit.SECONDS);
            }
            for (JobOutcome job : outcome.jobs()) {
                assertEquals(JobState.SUCCEEDED, job.state(), job.toString());
            }
            Map<String, Long> calls = platform.counters().calls();
            assertEquals(8L, calls.getOrDefault("GET /api/v2/jobs/{id}/statuses/ 200", 0L),
                    "one final-status call per job: " + calls);
        }
    }
}
