package org.hpcsweep.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.hpcsweep.service.HpcSweepService;
import org.hpcsweep.service.TestStudies;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the API refuses and how soon it answers (issue 18, items 2, 10 and 12), against a service whose
 * platform takes one submit an hour: a study's second job waits behind the rate limiter.
 */
class ApiGuardsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    @TempDir
    static Path dir;
    static HpcSweepService service;
    static int port;
    static String token;

    @BeforeAll
    static void start() throws Exception {
        int management;
        try (ServerSocket s = new ServerSocket(0); ServerSocket m = new ServerSocket(0)) {
            port = s.getLocalPort();
            management = m.getLocalPort();
        }
        token = "guard-" + UUID.randomUUID();
        Map<String, String> settings = new java.util.HashMap<>(Map.of("hpcsweep.api.enabled", "true",
                "hpcsweep.api.port", Integer.toString(port), "hpcsweep.management.port", Integer.toString(management),
                "hpcsweep.api.token-file", Files.writeString(dir.resolve("api-token"), token).toString(),
                "hpcsweep.api.uploads", dir.resolve("uploads").toString(), "hpcsweep.study.max-jobs", "1000",
                "hpcsweep.rate.local", "true", "hpcsweep.rate.submit-per-hour", "1", "hpcsweep.rate.share", "1"));
        settings.put("hpcsweep.api.max-upload-bytes", Integer.toString(8 << 20));
        // The placement held by the rate limiter is not waited for at the end.
        settings.put("camel.main.shutdown-timeout", "2");
        service = HpcSweepService.start(TestStudies.settings(dir, settings));
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
    }

    @Test
    void should_answer_202_with_the_run_id_before_the_jobs_are_placed() throws Exception {
        Path zip = TestStudies.shellStudy(dir, "queued.zip", "name: queued\nprocessors: [1, 2]\njob: {command: \"sleep 30\"}\n");

        HttpResponse<String> answer = post(Map.of("file", zip), Duration.ofSeconds(20));

        assertEquals(202, answer.statusCode(), answer.body());
        JsonNode accepted = JSON.readTree(answer.body());
        assertEquals(2, accepted.path("jobs").asInt());
        HttpResponse<String> run = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/api/studies/" + accepted.path("runId").asText()))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, run.statusCode(), "the run is recorded when the answer comes");
        // The upload was the service's to move; the run keeps its own link to the zip until it ends.
        try (Stream<Path> left = Files.list(dir.resolve("uploads"))) {
            assertEquals(java.util.List.of("incoming"), left.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void should_refuse_an_upload_without_the_token_before_reading_its_body() throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            // 300 MB announced, only the head of the first part sent: the answer must not wait for the rest.
            out.write(("POST /api/studies HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                    + "Content-Length: 300000000\r\n\r\n--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.zip\"\r\n"
                    + "Content-Type: application/zip\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[16_384]);
            out.flush();
            String status = readLine(socket.getInputStream());
            assertEquals("HTTP/1.1 401 Unauthorized", status);
        }
        try (Stream<Path> incoming = Files.list(dir.resolve("uploads").resolve("incoming"))) {
            assertEquals(0, incoming.count(), "nothing of the refused upload was written");
        }
    }

    @Test
    void should_answer_400_naming_the_matrix_product_of_a_study_with_too_many_jobs() throws Exception {
        String thirty = IntStream.range(0, 30).mapToObj(Integer::toString).collect(Collectors.joining(", ", "[", "]"));
        Path zip = TestStudies.shellStudy(dir, "huge.zip", "name: huge\nprocessors: [1, 2]\nparameters: {a: " + thirty + ", b: " + thirty
                + "}\njob: {command: \"echo {a} {b}\"}\n");

        HttpResponse<String> answer = post(Map.of("file", zip), Duration.ofSeconds(20));

        assertEquals(400, answer.statusCode(), answer.body());
        assertEquals("huge.zip!/study.yaml: the matrix has 2 x 30 x 30 = 1,800 jobs; at most 1,000 (hpcsweep.study.max-jobs)",
                JSON.readTree(answer.body()).path("detail").asText());
    }

    @Test
    void should_answer_400_for_yaml_aliases_and_for_a_study_part_above_1_mib() throws Exception {
        Path zip = TestStudies.zip(dir.resolve("code.zip"), Map.of("workload.sh", "echo"));
        Path aliases = Files.writeString(dir.resolve("aliases.yaml"), "name: &n a\nprocessors: [1]\njob: {command: *n}\n");
        HttpResponse<String> answer = post(new LinkedHashMap<>(Map.of("file", zip, "study", aliases)), Duration.ofSeconds(20));
        assertEquals(400, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("uses the YAML alias *n"), answer.body());

        Path big = Files.writeString(dir.resolve("big.yaml"), "name: big\nprocessors: [1]\njob: {command: x}\n# " + "x".repeat(1 << 20) + "\n");
        answer = post(new LinkedHashMap<>(Map.of("file", zip, "study", big)), Duration.ofSeconds(20));
        assertEquals(400, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("the 'study' part is larger than 1 MiB"), answer.body());
        assertIncomingEmpty("every part the HTTP server wrote is gone once answered");
    }

    @Test
    void should_answer_413_above_the_upload_limit_and_keep_nothing_of_it() throws Exception {
        Path big = dir.resolve("too-big.zip");
        byte[] data = new byte[9 << 20];
        new java.util.Random(7).nextBytes(data);
        Files.write(big, data);

        HttpResponse<String> answer = post(Map.of("file", big), Duration.ofSeconds(20));

        assertEquals(413, answer.statusCode(), answer.body());
        assertEquals("application/problem+json", answer.headers().firstValue("Content-Type").orElse(""), "said as every refusal");
        assertIncomingEmpty("nothing of the refused upload is kept");
    }

    @Test
    void should_answer_413_as_problem_json_for_a_chunked_upload_above_the_limit() throws Exception {
        // No Content-Length to refuse up front: the limit is met while the body streams in (9 MiB against 8 MiB).
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/studies HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\n"
                    + "Content-Type: multipart/form-data; boundary=b\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] head = ("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.zip\"\r\n"
                    + "Content-Type: application/zip\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            writeChunk(out, head);
            try {
                for (int i = 0; i < 9 * 16; i++) {
                    writeChunk(out, new byte[65_536]);
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (java.io.IOException closedByTheServer) {
                // The server may answer and close before the rest is sent: the answer is read below.
            }
            InputStream in = socket.getInputStream();
            assertEquals("HTTP/1.1 413 Request Entity Too Large", readLine(in));
            Map<String, String> headers = new java.util.HashMap<>();
            for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
                headers.put(line.substring(0, line.indexOf(':')).toLowerCase(java.util.Locale.ROOT), line.substring(line.indexOf(':') + 1).strip());
            }
            assertEquals("application/problem+json", headers.get("content-type"), "said as every refusal: " + headers);
        }
        // The HTTP server deletes the part it had written once the request has failed, in the background.
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < until && !incoming().isEmpty()) {
            Thread.sleep(100);
        }
        assertIncomingEmpty("nothing of the refused upload is kept");
    }

    private static java.util.List<Path> incoming() throws Exception {
        try (Stream<Path> incoming = Files.list(dir.resolve("uploads").resolve("incoming"))) {
            return incoming.toList();
        }
    }

    private static void writeChunk(OutputStream out, byte[] data) throws java.io.IOException {
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static void assertIncomingEmpty(String why) throws Exception {
        assertEquals(java.util.List.of(), incoming(), why);
    }

    private static String base() {
        return "http://127.0.0.1:" + port;
    }

    private static String readLine(InputStream in) throws Exception {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                line.write(c);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    /** A multipart POST with one file part per entry. */
    private static HttpResponse<String> post(Map<String, Path> parts, Duration timeout) throws Exception {
        String boundary = "b" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, Path> part : parts.entrySet()) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part.getKey() + "\"; filename=\""
                    + part.getValue().getFileName() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.write(Files.readAllBytes(part.getValue()));
            body.write("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/api/studies")).timeout(timeout)
                .header("Authorization", "Bearer " + token).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
    }
}
