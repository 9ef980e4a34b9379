package org.hpcsweep.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.hpcsweep.faults.FaultyPlatformProxy.Fault;
import org.hpcsweep.platform.LocalPlatform;
import org.hpcsweep.platform.LocalPlatformSettings;
import org.hpcsweep.service.HpcSweepService;
import org.hpcsweep.service.ServiceSettings;
import org.hpcsweep.service.TestStudies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A step that keeps failing is tried exactly 1 + hpcsweep.retry.max-retries times, then gives up
 * with the platform's answer: no endless retries against a platform that keeps refusing. An upload
 * the platform says it stored short is a failure that is worth another try.
 */
class RetryLimitTest {
    private static final String KEY = "retry-test-key";
    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void should_try_an_upload_that_keeps_failing_one_plus_max_retries_times() throws Exception {
        try (LocalPlatform platform = startPlatform();
             FaultyPlatformProxy proxy = new FaultyPlatformProxy(platform.baseUrl(), 1, 0)) {
            ServiceSettings settings = throughProxy(proxy, Map.of("hpcsweep.retry.max-retries", "3", "hpcsweep.breaker.failures-in-a-row", "100"));
            proxy.onlyOn("/files/contents/");
            proxy.inject(Map.of(Fault.UNAVAILABLE, 1.0));
            try (HpcSweepService service = HpcSweepService.start(settings)) {
                Path zip = TestStudies.shellStudy(dir, "refused.zip", "name: refused\nprocessors: [1]\njob: {command: \"true\"}\n");
                Exception e = assertThrows(Exception.class, () -> service.submit(zip));
                assertEquals(4, proxy.injected(Fault.UNAVAILABLE), "1 try + 3 retries; then: " + e.getMessage());
            }
        }
    }

    @Test
    @Timeout(90)
    void should_upload_again_when_the_platform_says_it_stored_fewer_bytes_than_were_sent() throws Exception {
        try (LocalPlatform platform = startPlatform();
             FaultyPlatformProxy proxy = new FaultyPlatformProxy(platform.baseUrl(), 1, 0)) {
            ServiceSettings settings = throughProxy(proxy, Map.of());
            proxy.shortenUploadAnswers(1);
            try (HpcSweepService service = HpcSweepService.start(settings)) {
                Path zip = TestStudies.shellStudy(dir, "short.zip", "name: short\nprocessors: [1]\njob: {command: \"bash workload.sh {procs} 1000\"}\n");
                var outcome = service.submit(zip).completion().get(60, java.util.concurrent.TimeUnit.SECONDS);
                assertEquals(2, platform.counters().filesUploaded(), "the short copy, then a whole one");
                assertEquals(1, outcome.jobs().size());
                assertEquals("SUCCEEDED", outcome.jobs().get(0).state().name(), outcome.jobs().get(0).toString());
            }
        }
    }

    private LocalPlatform startPlatform() throws Exception {
        return LocalPlatform.start(new LocalPlatformSettings("127.0.0.1", 0, dir.resolve("platform"), Set.of(KEY), 2));
    }

    /** Settings for a service that reaches the platform through the proxy, with quick retries, and {@code extra}. */
    private ServiceSettings throughProxy(FaultyPlatformProxy proxy, Map<String, String> extra) throws Exception {
        Map<String, String> all = new java.util.HashMap<>(Map.of(
                "hpcsweep.platform.url", proxy.baseUrl().toString(),
                "hpcsweep.platform.api-key-file", Files.writeString(dir.resolve("key"), KEY).toString(),
                "hpcsweep.retry.first-delay-millis", "10",
                "hpcsweep.retry.max-delay-millis", "20"));
        all.putAll(extra);
        return TestStudies.settings(dir, all);
    }
}
