package org.hpcsweep.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.hpcsweep.faults.FaultyPlatformProxy.Fault;
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
 * The platform goes down (every call answers 503) while a study's jobs run: the service stops
 * calling it after a few failures in a row, tries one call now and then, and when the platform is
 * back the study finishes with every result and every job created and submitted once.
 */
class PlatformOutageTest {
    private static final int FAILURES_IN_A_ROW = 3;
    private static final long OPEN_SECONDS = 2;
    private static final long OUTAGE_MILLIS = 8000;

    @TempDir
    Path dir;

    @Test
    @org.junit.jupiter.api.Timeout(120)
    void should_hold_calls_back_while_the_platform_is_down_and_finish_the_study_after() throws Exception {
        String key = "outage-key";
        Path keyFile = Files.writeString(dir.resolve("key"), key);
        try (LocalPlatform platform = LocalPlatform.start(new LocalPlatformSettings("127.0.0.1", 0, dir.resolve("platform"), Set.of(key), 2));
             FaultyPlatformProxy proxy = new FaultyPlatformProxy(platform.baseUrl(), 7, 0)) {
            ServiceSettings settings = settings(proxy, keyFile, Map.ofEntries(
                    Map.entry("hpcsweep.poll.max-interval-millis", "300"),
                    Map.entry("hpcsweep.retry.first-delay-millis", "100"),
                    Map.entry("hpcsweep.retry.max-delay-millis", "1000"),
                    Map.entry("hpcsweep.retry.max-retries", "30"),
                    Map.entry("hpcsweep.breaker.failures-in-a-row", Integer.toString(FAILURES_IN_A_ROW)),
                    Map.entry("hpcsweep.breaker.open-seconds", Long.toString(OPEN_SECONDS))));
            // Jobs that outlast the outage, so that it hits the polls of running jobs.
            Path zip = TestStudies.shellStudy(dir, "outage.zip", """
                    name: outage
                    processors: [1, 2]
                    job:
                      command: "sleep 10; bash workload.sh {procs} 100000"
                    """);
            StudyOutcome outcome;
            long duringOutage;
            try (HpcSweepService service = HpcSweepService.start(settings)) {
                CompletableFuture<StudyOutcome> done = service.submit(zip).completion();
                proxy.inject(Map.of(Fault.UNAVAILABLE, 1.0));
                long before = proxy.requests();
                Thread.sleep(OUTAGE_MILLIS);
                duringOutage = proxy.requests() - before;
                proxy.inject(Map.of());
                outcome = done.get(120, TimeUnit.SECONDS);
                System.out.printf("outage of %d ms: %d calls reached the platform, circuit opened %d times; jobs created %d, submitted %d%n",
                        OUTAGE_MILLIS, duringOutage, service.platformBreaker().timesOpened(), platform.counters().jobsCreated(),
                        platform.counters().jobsSubmitted());
                assertTrue(service.platformBreaker().timesOpened() >= 1, "the circuit opened");
            }
            // Without the breaker a poll every 100-300 ms per job, plus retries, would make dozens of
            // calls; with it: the failures that open it, then one try per open period.
            long bound = FAILURES_IN_A_ROW + (OUTAGE_MILLIS / 1000 / OPEN_SECONDS + 1) * 2L;
            assertTrue(duringOutage <= bound, duringOutage + " calls during the outage, at most " + bound + " expected");
            for (JobOutcome job : outcome.jobs()) {
                assertEquals(JobState.SUCCEEDED, job.state(), job.toString());
                assertTrue(job.hasTime(), job.toString());
            }
            assertEquals(2, platform.counters().jobsCreated(), "each job created once");
            assertEquals(2, platform.counters().jobsSubmitted(), "each job submitted once");
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(120)
    void should_fetch_results_again_later_when_downloads_fail_past_their_retries() throws Exception {
        String key = "outage-key";
        Path keyFile = Files.writeString(dir.resolve("key"), key);
        try (LocalPlatform platform = LocalPlatform.start(new LocalPlatformSettings("127.0.0.1", 0, dir.resolve("platform"), Set.of(key), 2));
             FaultyPlatformProxy proxy = new FaultyPlatformProxy(platform.baseUrl(), 7, 0)) {
            ServiceSettings settings = settings(proxy, keyFile, Map.ofEntries(
                    Map.entry("hpcsweep.poll.max-interval-millis", "500"),
                    Map.entry("hpcsweep.limits.check-millis", "200"),
                    Map.entry("hpcsweep.retry.first-delay-millis", "50"),
                    Map.entry("hpcsweep.retry.max-delay-millis", "100"),
                    Map.entry("hpcsweep.retry.max-retries", "2"),
                    Map.entry("hpcsweep.breaker.open-seconds", "1")));
            Path zip = TestStudies.shellStudy(dir, "late.zip", """
                    name: late
                    processors: [1, 2]
                    job:
                      command: "sleep 2; bash workload.sh {procs} 1000"
                    """);
            StudyOutcome outcome;
            try (HpcSweepService service = HpcSweepService.start(settings)) {
                CompletableFuture<StudyOutcome> done = service.submit(zip).completion();
                // Once the jobs are submitted, only the result files fail (the job's file list and the
                // downloads), for longer than one fetch's retries.
                proxy.onlyOn("/files/");
                proxy.inject(Map.of(Fault.GATEWAY_TIMEOUT, 1.0));
                Thread.sleep(6000);
                assertTrue(proxy.injected(Fault.GATEWAY_TIMEOUT) > 6, "fetches failed past their retries: " + proxy.injected(Fault.GATEWAY_TIMEOUT));
                proxy.inject(Map.of());
                outcome = done.get(60, TimeUnit.SECONDS);
            }
            for (JobOutcome job : outcome.jobs()) {
                assertEquals(JobState.SUCCEEDED, job.state(), job.toString());
                assertTrue(job.hasTime(), job.toString());
            }
        }
    }

    /** A service behind the proxy, polling quickly, with the test's own settings on top. */
    private ServiceSettings settings(FaultyPlatformProxy proxy, Path keyFile, Map<String, String> own) {
        Map<String, String> all = new java.util.HashMap<>(Map.of(
                "hpcsweep.platform.url", proxy.baseUrl().toString(),
                "hpcsweep.platform.api-key-file", keyFile.toString(),
                "hpcsweep.poll.tick-millis", "50",
                "hpcsweep.poll.min-interval-millis", "100"));
        all.putAll(own);
        return TestStudies.settings(dir, all);
    }
}
