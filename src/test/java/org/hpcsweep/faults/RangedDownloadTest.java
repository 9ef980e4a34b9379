package org.hpcsweep.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.hpcsweep.flow.FlowProperties;
import org.hpcsweep.platform.LocalPlatform;
import org.hpcsweep.platform.LocalPlatformSettings;
import org.hpcsweep.platform.PlatformClient;
import org.hpcsweep.rescale.PagedSearch;
import org.hpcsweep.rescale.PlatformAccount;
import org.hpcsweep.service.HpcSweepService;
import org.hpcsweep.service.TestStudies;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A result file larger than {@code hpcsweep.download.halves-above} whose size is known comes down as
 * two ranged halves at once ({@code direct:fetch-file}, RangedDownload), byte for byte; a platform
 * that ignores Range is read as one stream, asked once; a half cut short fails the try, leaves
 * nothing behind, and the fetch step's retry then gets the whole file. Against the embedded platform
 * behind the faulty proxy, which records the ranges asked and can drop them.
 */
class RangedDownloadTest {
    private static final String KEY = "ranged-test-key";
    private static final int THRESHOLD = 1 << 20;
    @TempDir
    Path dir;
    private LocalPlatform platform;
    private FaultyPlatformProxy proxy;
    private HpcSweepService service;
    private ProducerTemplate template;

    /** Each test: a platform, the faulty proxy in front of it, and a service that talks to the proxy. */
    @BeforeEach
    void start() throws Exception {
        platform = LocalPlatform.start(new LocalPlatformSettings("127.0.0.1", 0, dir.resolve("platform"), Set.of(KEY), 1));
        proxy = new FaultyPlatformProxy(platform.baseUrl(), 1, 0);
        service = HpcSweepService.start(TestStudies.onPlatform(dir, proxy.baseUrl(), KEY, Map.of(
                "hpcsweep.download.halves-above", String.valueOf(THRESHOLD), "hpcsweep.retry.first-delay-millis", "100")));
        template = service.main().getCamelContext().createProducerTemplate();
    }

    @AfterEach
    void stop() throws Exception {
        try (LocalPlatform p = platform; FaultyPlatformProxy x = proxy; HpcSweepService s = service) {
            // closed in reverse order: the service, the proxy, the platform
        }
    }

    @Test
    @Timeout(60)
    void should_fetch_a_file_above_the_threshold_as_two_halves_and_a_smaller_one_whole() throws Exception {
        int size = THRESHOLD + 12345;
        Path original = randomFile("large.bin", size);
        Path jobDir = Files.createDirectories(dir.resolve("job"));
        Exchange fetched = fetch(template, upload(original), size, jobDir);
        assertNull(fetched.getException());
        assertEquals(-1, Files.mismatch(original, jobDir.resolve("out.bin")), "the two halves make the stored file, byte for byte");
        int half = size / 2;
        assertEquals(List.of("bytes=0-" + (half - 1), "bytes=" + half + "-" + (size - 1)), proxy.rangesAsked());
        assertEquals(List.of(jobDir.resolve("out.bin")), list(jobDir), "nothing but the result in the job's folder");

        Path small = randomFile("small.bin", THRESHOLD);
        Path smallDir = Files.createDirectories(dir.resolve("job-small"));
        assertNull(fetch(template, upload(small), THRESHOLD, smallDir).getException());
        assertEquals(-1, Files.mismatch(small, smallDir.resolve("out.bin")));
        assertEquals(2, proxy.rangesAsked().size(), "a file not above the threshold is asked whole");
    }

    @Test
    @Timeout(60)
    void should_read_the_whole_answer_as_one_stream_when_the_platform_ignores_range() throws Exception {
        int size = 3 * THRESHOLD + 7;
        Path original = randomFile("large.bin", size);
        String id = upload(original);
        proxy.ignoreRanges();
        Path jobDir = Files.createDirectories(dir.resolve("job"));
        assertNull(fetch(template, id, size, jobDir).getException());
        assertEquals(-1, Files.mismatch(original, jobDir.resolve("out.bin")), "the 200's whole body is the file");
        assertEquals(List.of("bytes=0-" + (size / 2 - 1)), proxy.rangesAsked(), "the first half was asked for");
        assertEquals(1L, proxy.calls().get("GET /api/v2/files/" + id + "/contents/"), "one download, not a second half on top");
        assertEquals(List.of(jobDir.resolve("out.bin")), list(jobDir));
    }

    /**
     * A job's output above the threshold, fetched through the engine's fetch-result step (the size from
     * the file list's decryptedSize): the first try's half is cut short, the step's retry gets it whole.
     * And a fetch with no retry left behind leaves nothing in the job's folder.
     */
    @Test
    @Timeout(90)
    void should_fail_a_half_cut_short_leaving_nothing_and_get_the_file_whole_on_the_retry() throws Exception {
        int size = 2 * THRESHOLD + 99;
        Path original = randomFile("large.bin", size);
        String fileId = upload(original);
        Path jobDir = Files.createDirectories(dir.resolve("job"));
        proxy.cutDownloads(1);
        Exchange cut = fetch(template, fileId, size, jobDir);
        assertNotNull(cut.getException(), "a half cut short must fail the fetch");
        assertEquals(List.of(), list(jobDir), "nothing in the job's folder after a cut half");
        assertEquals(2, proxy.rangesAsked().size(), "the cut fetch asked two halves");

        String job = client().runShell("ranged", "head -c " + size + " /dev/urandom > out.bin", Map.of());
        // Straight from the platform (no proxy), for the expected bytes.
        byte[] output = client().contents(client().outputs(job).get("out.bin").path("downloadUrl").asText(), null,
                HttpClient.Version.HTTP_1_1).body();
        assertEquals(size, output.length);
        Path resultDir = Files.createDirectories(dir.resolve("result"));
        proxy.cutDownloads(1);
        Exchange fetched = template.send("direct:rescale-fetch-result", ex -> {
            ex.setProperty(FlowProperties.JOB, new PlatformJob(job));
            ex.setProperty(FlowProperties.JOB_DIR, resultDir.toString());
            ex.setProperty(FlowProperties.RESULT_FILE_NAME, "out.bin");
        });
        assertNull(fetched.getException(), "the retry after the cut half gets the file");
        assertEquals(-1, Files.mismatch(Files.write(dir.resolve("expected.bin"), output), resultDir.resolve("out.bin")));
        assertEquals(List.of(resultDir.resolve("out.bin")), list(resultDir));
        assertEquals(6, proxy.rangesAsked().size(), "two halves on the cut try, two on the retry");
        assertFalse(proxy.calls().getOrDefault("GET /api/v2/files/" + fileId + "/contents/", 0L) > 2);
    }

    /** What the fetch-result route reads of a job: its platform id. */
    public static final class PlatformJob {
        private final String platformId;

        PlatformJob(String platformId) {
            this.platformId = platformId;
        }

        public String getPlatformId() {
            return platformId;
        }
    }

    private Path randomFile(String name, int size) throws Exception {
        byte[] content = new byte[size];
        new Random(size).nextBytes(content);
        return Files.write(dir.resolve(name), content);
    }

    private static List<Path> list(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        }
    }

    /** The fetch as the fetch-result route leaves it for fetch-file: the file's id and size (decryptedSize). */
    private static Exchange fetch(ProducerTemplate template, String fileId, long size, Path jobDir) {
        return template.send("direct:fetch-file", ex -> {
            ex.setProperty(PlatformAccount.CALL, "GET /files/" + fileId + "/contents/");
            ex.setProperty(PagedSearch.FOUND_SIZE, size);
            ex.setProperty(FlowProperties.JOB_DIR, jobDir.toString());
            ex.setProperty(FlowProperties.RESULT_FILE_NAME, "out.bin");
        });
    }

    private String upload(Path file) throws Exception {
        PlatformClient.Answer uploaded = client().upload(file);
        assertEquals(201, uploaded.status(), uploaded.body());
        return uploaded.json().path("id").asText();
    }

    /** Straight to the platform, not through the proxy. */
    private PlatformClient client() {
        return new PlatformClient(platform.baseUrl(), KEY);
    }
}
