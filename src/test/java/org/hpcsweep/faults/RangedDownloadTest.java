package org.hpcsweep.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import org.hpcsweep.rescale.PagedSearch;
import org.hpcsweep.rescale.PlatformAccount;
import org.hpcsweep.service.HpcSweepService;
import org.hpcsweep.service.TestStudies;
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
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void should_fetch_a_file_above_the_threshold_as_two_halves_and_a_smaller_one_whole() throws Exception {
        try (LocalPlatform platform = platform(); FaultyPlatformProxy proxy = new FaultyPlatformProxy(platform.baseUrl(), 1, 0);
             HpcSweepService service = service(proxy)) {
            ProducerTemplate template = service.main().getCamelContext().createProducerTemplate();
            int size = THRESHOLD + 12345;
            Path original = randomFile("large.bin", size);
            Path jobDir = Files.createDirectories(dir.resolve("job"));
            Exchange fetched = fetch(template, upload(platform, original), size, jobDir);
            assertNull(fetched.getException());
            assertEquals(-1, Files.mismatch(original, jobDir.resolve("out.bin")), "the two halves make the stored file, byte for byte");
            int half = size / 2;
            assertEquals(List.of("bytes=0-" + (half - 1), "bytes=" + half + "-" + (size - 1)), proxy.rangesAsked());
            assertEquals(List.of(jobDir.resolve("out.bin")), list(jobDir), "nothing but the result in the job's folder");

            Path small = randomFile("small.bin", THRESHOLD);
            Path smallDir = Files.createDirectories(dir.resolve("job-small"));
            assertNull(fetch(template, upload(platform, small), THRESHOLD, smallDir).getException());
            assertEquals(-1, Files.mismatch(small, smallDir.resolve("out.bin")));
            assertEquals(2, proxy.rangesAsked().size(), "a file not above the threshold is asked whole");
        }
    }

    @Test
    @Timeout(60)
    void should_read_the_whole_answer_as_one_stream_when_the_platform_ignores_range() throws Exception {
        try (LocalPlatform platform = platform(); FaultyPlatformProxy proxy = new FaultyPlatformProxy(platform.baseUrl(), 1, 0);
             HpcSweepService service = service(proxy)) {
            ProducerTemplate template = service.main().getCamelContext().createProducerTemplate();
            int size = 3 * THRESHOLD + 7;
            Path original = randomFile("large.bin", size);
            String id = upload(platform, original);
            proxy.ignoreRanges();
            Path jobDir = Files.createDirectories(dir.resolve("job"));
            assertNull(fetch(template, id, size, jobDir).getException());
            assertEquals(-1, Files.mismatch(original, jobDir.resolve("out.bin")), "the 200's whole body is the file");
            assertEquals(List.of("bytes=0-" + (size / 2 - 1)), proxy.rangesAsked(), "the first half was asked for");
            assertEquals(1L, proxy.calls().get("GET /api/v2/files/" + id + "/contents/"), "one download, not a second half on top");
            assertEquals(List.of(jobDir.resolve("out.bin")), list(jobDir));
        }
    }

    /**
     * A job's output above the threshold, fetched through the engine's fetch-result step (the size from
     * the file list's decryptedSize): the first try's half is cut short, the step's retry gets it whole.
     * And a fetch with no retry left behind leaves nothing in the job's folder.
     */
    @Test
    @Timeout(90)
    void should_fail_a_half_cut_short_leaving_nothing_and_get_the_file_whole_on_the_retry() throws Exception {
        try (LocalPlatform platform = platform(); FaultyPlatformProxy proxy = new FaultyPlatformProxy(platform.baseUrl(), 1, 0);
             HpcSweepService service = service(proxy)) {
            ProducerTemplate template = service.main().getCamelContext().createProducerTemplate();
            int size = 2 * THRESHOLD + 99;
            Path original = randomFile("large.bin", size);
            String fileId = upload(platform, original);
            Path jobDir = Files.createDirectories(dir.resolve("job"));
            proxy.cutDownloads(1);
            Exchange cut = fetch(template, fileId, size, jobDir);
            assertNotNull(cut.getException(), "a half cut short must fail the fetch");
            assertEquals(List.of(), list(jobDir), "nothing in the job's folder after a cut half");
            assertEquals(2, proxy.rangesAsked().size(), "the cut fetch asked two halves");

            String job = runJob(platform, "head -c " + size + " /dev/urandom > out.bin");
            byte[] output = download(platform, job, "out.bin");
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

    private LocalPlatform platform() throws Exception {
        return LocalPlatform.start(new LocalPlatformSettings("127.0.0.1", 0, dir.resolve("platform"), Set.of(KEY), 1));
    }

    private HpcSweepService service(FaultyPlatformProxy proxy) throws Exception {
        return HpcSweepService.start(TestStudies.onPlatform(dir, proxy.baseUrl(), KEY, Map.of(
                "hpcsweep.download.halves-above", String.valueOf(THRESHOLD), "hpcsweep.retry.first-delay-millis", "100")));
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

    private static HttpRequest.Builder request(LocalPlatform platform, String path) {
        return HttpRequest.newBuilder(platform.baseUrl().resolve(path)).header("Authorization", "Token " + KEY);
    }

    private static String upload(LocalPlatform platform, Path file) throws Exception {
        String boundary = "----ranged-test";
        HttpResponse<String> r = HttpClient.newHttpClient().send(request(platform, "/api/v2/files/contents/")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(TestStudies.multipartFile(boundary, "file", file))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        return JSON.readTree(r.body()).path("id").asText();
    }

    /** Runs a one-core job of {@code command} on the platform directly and waits for it to complete. */
    private static String runJob(LocalPlatform platform, String command) throws Exception {
        Map<String, Object> analysis = Map.of("command", command, "useMpi", false, "analysis", Map.of("code", "shell", "version", "5"),
                "hardware", Map.of("coreType", "local", "coresPerSlot", 1, "slots", 1, "walltime", 0.05),
                "inputFiles", List.of(), "envVars", Map.of());
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> created = http.send(request(platform, "/api/v2/jobs/").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("name", "ranged", "jobanalyses", List.of(analysis)))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        String id = JSON.readTree(created.body()).path("id").asText();
        assertEquals(200, http.send(request(platform, "/api/v2/jobs/" + id + "/submit/").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        for (int i = 0; i < 300; i++) {
            JsonNode newest = JSON.readTree(http.send(request(platform, "/api/v2/jobs/" + id + "/statuses/").build(),
                    HttpResponse.BodyHandlers.ofString()).body()).path("results").get(0);
            if (newest.path("status").asText().equals("Completed")) {
                assertTrue(newest.path("statusReason").asText("").isEmpty() || !newest.path("statusReason").asText().contains("failed"),
                        newest.toString());
                return id;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + id + " did not complete");
    }

    /** A job's output file, straight from the platform (no proxy), for the expected bytes. */
    private static byte[] download(LocalPlatform platform, String job, String name) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        JsonNode files = JSON.readTree(http.send(request(platform, "/api/v2/jobs/" + job + "/files/?search=" + name).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        for (JsonNode f : files.path("results")) {
            if (f.path("name").asText().equals(name)) {
                return http.send(HttpRequest.newBuilder(URI.create(f.path("downloadUrl").asText())).header("Authorization", "Token " + KEY).build(),
                        HttpResponse.BodyHandlers.ofByteArray()).body();
            }
        }
        throw new AssertionError(name + " is not among job " + job + "'s files: " + files);
    }
}
