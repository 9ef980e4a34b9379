package org.hpcsweep.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A bare Rescale client for the tests that talk to a platform directly: plain JDK HTTP, as a user's
 * script would be, with the few steps every such test takes (submit a job, wait for a status, read an
 * output), so that each test says only what it checks.
 */
public final class PlatformClient {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI base;
    private final String key;

    public record Answer(int status, String body) {
        public JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    public PlatformClient(URI base, String key) {
        this.base = base;
        this.key = key;
    }

    public Answer get(String pathOrUrl) throws IOException, InterruptedException {
        return send(request(pathOrUrl).GET());
    }

    public Answer post(String path, String json) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
    }

    Answer delete(String path) throws IOException, InterruptedException {
        return send(request(path).DELETE());
    }

    public record Bytes(int status, byte[] body, HttpResponse<byte[]> response) {
        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }
    }

    /** A file's contents, optionally one {@code Range}, over the given HTTP version (HTTP/2 is asked for as h2c). */
    public Bytes contents(String pathOrUrl, String range, HttpClient.Version version) throws IOException, InterruptedException {
        HttpRequest.Builder b = request(pathOrUrl).GET();
        if (range != null) {
            b.header("Range", range);
        }
        HttpResponse<byte[]> response = HttpClient.newBuilder().version(version).build()
                .send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Bytes(response.statusCode(), response.body(), response);
    }

    public Answer upload(Path file) throws IOException, InterruptedException {
        String boundary = "----hpcsweep" + UUID.randomUUID();
        byte[] body = org.hpcsweep.service.TestStudies.multipartFile(boundary, "file", file);
        return send(request("/api/v2/files/contents/").header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** An upload of a file as {@link #upload(Path)}, over the given HTTP version (HTTP/2 is asked for as h2c). */
    Answer upload(Path file, HttpClient.Version version) throws IOException, InterruptedException {
        String boundary = "----hpcsweep" + UUID.randomUUID();
        byte[] body = org.hpcsweep.service.TestStudies.multipartFile(boundary, "file", file);
        HttpResponse<String> response = HttpClient.newBuilder().version(version).build().send(
                request("/api/v2/files/contents/").header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }

    /** A POST to the upload endpoint with a body and content type of the caller's making. */
    Answer uploadRaw(String contentType, byte[] body) throws IOException, InterruptedException {
        return send(request("/api/v2/files/contents/").header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** Creates the job ({@code jobJson}, Rescale's job request) and submits it; its id. */
    public String submit(String jobJson) throws IOException, InterruptedException {
        Answer created = post("/api/v2/jobs/", jobJson);
        assertEquals(201, created.status(), created.body());
        String id = created.json().path("id").asText();
        assertEquals(200, post("/api/v2/jobs/" + id + "/submit/", null).status());
        return id;
    }

    /**
     * Creates and submits a one-core job of {@code command} with the given software ({@code shell} 5, or
     * version 1 of another code), variables and input file (not unpacked); its id.
     */
    public String submitShell(String name, String command, Map<String, String> env, String code, String fileId)
            throws IOException, InterruptedException {
        Map<String, Object> analysis = Map.of("command", command, "useMpi", false,
                "analysis", Map.of("code", code, "version", code.equals("shell") ? "5" : "1"),
                "hardware", Map.of("coreType", "local", "coresPerSlot", 1, "slots", 1, "walltime", 0.05),
                "inputFiles", fileId == null ? List.of() : List.of(Map.of("id", fileId, "decompress", false)), "envVars", env);
        return submit(JSON.writeValueAsString(Map.of("name", name, "jobanalyses", List.of(analysis))));
    }

    /** {@link #run} a {@code shell} job with no input file. */
    public String runShell(String name, String command, Map<String, String> env) throws IOException, InterruptedException {
        return run(name, command, env, "shell", null);
    }

    /** {@link #submitShell} the job and wait for it to complete successfully (its log in the failure otherwise); its id. */
    public String run(String name, String command, Map<String, String> env, String code, String fileId) throws IOException, InterruptedException {
        String id = submitShell(name, command, env, code, fileId);
        assertEquals("Completed successfully", awaitStatus(id, "Completed").path("statusReason").asText(), output(id, "process_output.log"));
        return id;
    }

    /** The job's newest status entry. */
    public JsonNode latest(String id) throws IOException, InterruptedException {
        Answer answer = get("/api/v2/jobs/" + id + "/statuses/");
        assertEquals(200, answer.status(), "job " + id + ": " + answer.body());
        return answer.json().path("results").get(0);
    }

    /** Waits (a minute at most) for the job's newest status to be {@code status}; that entry. */
    public JsonNode awaitStatus(String id, String status) throws IOException, InterruptedException {
        long end = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < end) {
            JsonNode newest = latest(id);
            if (newest.path("status").asText().equals(status)) {
                return newest;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("job " + id + " never " + status + ": " + latest(id));
    }

    /** The job's output files by relative path. */
    public Map<String, JsonNode> outputs(String id) throws IOException, InterruptedException {
        Map<String, JsonNode> byPath = new LinkedHashMap<>();
        get("/api/v2/jobs/" + id + "/files/?page_size=1000").json().path("results").forEach(f -> byPath.put(f.path("relativePath").asText(), f));
        return byPath;
    }

    /** One output file's text; fails the test when the job has no such output. */
    public String output(String id, String relativePath) throws IOException, InterruptedException {
        JsonNode file = outputs(id).get(relativePath);
        if (file == null) {
            throw new AssertionError("job " + id + " has no output " + relativePath);
        }
        return get(file.path("downloadUrl").asText()).body();
    }

    private HttpRequest.Builder request(String pathOrUrl) {
        HttpRequest.Builder b = HttpRequest.newBuilder(pathOrUrl.startsWith("http") ? URI.create(pathOrUrl) : base.resolve(pathOrUrl));
        if (key != null) {
            b.header("Authorization", "Token " + key);
        }
        return b;
    }

    private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }
}
