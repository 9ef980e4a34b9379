package org.hpcsweep.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.hpcsweep.flow.FlowProperties;
import org.hpcsweep.platform.LocalPlatform;
import org.hpcsweep.platform.LocalPlatformSettings;
import org.hpcsweep.rescale.PlatformAccount;
import org.hpcsweep.service.HpcSweepService;
import org.hpcsweep.service.TestStudies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A result file is downloaded ({@code direct:fetch-file}, the route collect uses) byte for byte, and
 * a download cut short (the platform announced more bytes than arrived) fails the fetch and leaves
 * nothing under the result's name: a later step must never take half a file for the result.
 */
class DownloadIntegrityTest {
    private static final String KEY = "download-test-key";
    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void should_fail_a_short_download_leaving_no_file_and_store_a_whole_one_byte_for_byte() throws Exception {
        byte[] content = new byte[3 * 1048576 + 12345];
        new Random(21).nextBytes(content);
        Path original = Files.write(dir.resolve("result.bin"), content);
        try (LocalPlatform platform = LocalPlatform.start(new LocalPlatformSettings("127.0.0.1", 0, dir.resolve("platform"), Set.of(KEY), 1));
             FaultyPlatformProxy proxy = new FaultyPlatformProxy(platform.baseUrl(), 1, 0);
             HpcSweepService service = HpcSweepService.start(TestStudies.onPlatform(dir, proxy.baseUrl(), KEY, Map.of()))) {
            String fileId = upload(platform, original);
            ProducerTemplate template = service.main().getCamelContext().createProducerTemplate();
            Path jobDir = Files.createDirectories(dir.resolve("job"));

            proxy.cutDownloads(1);
            Exchange cut = fetch(template, fileId, jobDir);
            assertNotNull(cut.getException(), "a download cut in half must fail the fetch");
            assertFalse(Files.exists(jobDir.resolve("out.bin")), "no file under the result's name after a short download");

            Exchange whole = fetch(template, fileId, jobDir);
            assertEquals(null, whole.getException());
            assertEquals(-1, Files.mismatch(original, jobDir.resolve("out.bin")), "the download is the stored file, byte for byte");
            try (Stream<Path> left = Files.list(jobDir)) {
                assertEquals(java.util.List.of(jobDir.resolve("out.bin")), left.toList(), "nothing but the result in the job's folder");
            }
        }
    }

    /**
     * Every try of a fetch cut short: the last failure goes to the caller and the job's folder holds
     * nothing, no {@code out.bin.part} either (the file producer used to leave the last try's behind).
     * Both sizes: a small file is written on the route's thread, a large one beside it.
     */
    @Test
    @Timeout(60)
    void should_leave_nothing_in_the_job_folder_after_a_fetch_that_finally_fails() throws Exception {
        try (LocalPlatform platform = LocalPlatform.start(new LocalPlatformSettings("127.0.0.1", 0, dir.resolve("platform"), Set.of(KEY), 1));
             FaultyPlatformProxy proxy = new FaultyPlatformProxy(platform.baseUrl(), 1, 0);
             HpcSweepService service = HpcSweepService.start(TestStudies.onPlatform(dir, proxy.baseUrl(), KEY, Map.of()))) {
            ProducerTemplate template = service.main().getCamelContext().createProducerTemplate();
            for (int size : new int[] {200_000, 5 * 1048576 + 7}) {
                byte[] content = new byte[size];
                new Random(size).nextBytes(content);
                String fileId = upload(platform, Files.write(dir.resolve("result-" + size + ".bin"), content));
                Path jobDir = Files.createDirectories(dir.resolve("job-" + size));
                proxy.cutDownloads(3);
                for (int attempt = 1; attempt <= 3; attempt++) {
                    Exchange cut = fetch(template, fileId, jobDir);
                    assertNotNull(cut.getException(), size + " bytes, try " + attempt + ": a download cut short must fail the fetch");
                    try (Stream<Path> left = Files.list(jobDir)) {
                        assertEquals(java.util.List.of(), left.toList(), size + " bytes, try " + attempt + ": nothing left in the job's folder");
                    }
                }
            }
        }
    }

    private static Exchange fetch(ProducerTemplate template, String fileId, Path jobDir) {
        return template.send("direct:fetch-file", ex -> {
            ex.setProperty(PlatformAccount.CALL, "GET /files/" + fileId + "/contents/");
            ex.setProperty(FlowProperties.JOB_DIR, jobDir.toString());
            ex.setProperty(FlowProperties.RESULT_FILE_NAME, "out.bin");
        });
    }

    private static String upload(LocalPlatform platform, Path file) throws Exception {
        String boundary = "----download-test";
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(platform.baseUrl().resolve("/api/v2/files/contents/"))
                .header("Authorization", "Token " + KEY)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(TestStudies.multipartFile(boundary, "file", file))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        String id = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).path("id").asText();
        assertTrue(!id.isEmpty(), r.body());
        return id;
    }
}
