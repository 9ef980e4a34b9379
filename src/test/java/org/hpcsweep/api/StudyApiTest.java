package org.hpcsweep.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.hpcsweep.service.HpcSweepService;
import org.hpcsweep.service.TestStudies;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service's REST API over loopback: token, submit, list, one study with history, files, cancel, OpenAPI, page. */
class StudyApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static HpcSweepService service;
    static String base;
    static String token;
    static int managementPort;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0); ServerSocket m = new ServerSocket(0)) {
            port = s.getLocalPort();
            managementPort = m.getLocalPort();
        }
        token = "api-" + UUID.randomUUID();
        Path tokenFile = Files.writeString(dir.resolve("api-token"), token);
        service = HpcSweepService.start(TestStudies.settings(dir, Map.of("hpcsweep.api.enabled", "true",
                "hpcsweep.api.port", Integer.toString(port), "hpcsweep.api.token-file", tokenFile.toString(),
                "hpcsweep.api.uploads", dir.resolve("uploads").toString(),
                "hpcsweep.management.port", Integer.toString(managementPort))));
        base = "http://127.0.0.1:" + port;
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
    }

    @Test
    void should_refuse_calls_without_the_token() throws Exception {
        assertEquals(401, get("/api/studies", null).statusCode());
        assertEquals(401, get("/api/studies", "wrong").statusCode());
    }

    @Test
    void should_run_a_study_submitted_through_the_api_and_serve_its_results() throws Exception {
        Path zip = TestStudies.shellStudy(dir, "api.zip", "name: api\nprocessors: [1, 2]\njob: {command: \"bash workload.sh {procs} 100000\"}\n");
        HttpResponse<String> created = postZip(zip);
        assertEquals(202, created.statusCode(), created.body());
        String runId = JSON.readTree(created.body()).path("runId").asText();

        JsonNode run = awaitPhase(runId, "REPORTED");
        assertEquals(2, run.path("jobs").size());
        for (JsonNode job : run.path("jobs")) {
            assertEquals("SUCCEEDED", job.path("state").asText());
            assertTrue(job.path("history").size() >= 2, "status history: " + job.path("history"));
            assertEquals("Completed", job.path("history").get(job.path("history").size() - 1).path("status").asText());
        }
        JsonNode list = JSON.readTree(get("/api/studies", token).body());
        boolean listed = false;
        for (JsonNode s : list) {
            if (s.path("runId").asText().equals(runId)) {
                listed = true;
                assertEquals(2, s.path("done").asInt());
                assertEquals(2, s.path("succeeded").asInt());
            }
        }
        assertTrue(listed);
        HttpResponse<String> csv = get("/api/studies/" + runId + "/files/results.csv", token);
        assertEquals(200, csv.statusCode());
        assertTrue(csv.body().startsWith("procs,seconds,speedup"));
        HttpResponse<byte[]> png = http.send(request("/api/studies/" + runId + "/files/speedup.png", token).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals("image/png", png.headers().firstValue("Content-Type").orElse(""));
        assertEquals((byte) 0x89, png.body()[0]);
        assertEquals(404, get("/api/studies/" + runId + "/files/..%2F..%2Fetc%2Fpasswd", token).statusCode());
        assertEquals(404, get("/api/studies/nope", token).statusCode());
    }

    @Test
    void should_answer_every_operation_as_openapi_json_describes_it() throws Exception {
        OpenApiContract contract = new OpenApiContract();
        Path zip = TestStudies.shellStudy(dir, "contract.zip", "name: contract\nprocessors: [1]\njob: {command: \"bash workload.sh {procs} 1000\"}\n");
        HttpResponse<String> created = postZip(zip);
        contract.check("POST", "/api/studies", created);
        String runId = JSON.readTree(created.body()).path("runId").asText();
        assertEquals("/api/studies/" + runId, created.headers().firstValue("Location").orElse(""), "202 names the run");
        contract.check("POST", "/api/studies", postZip(Files.writeString(dir.resolve("contract-bad.zip"), "no zip")));
        awaitPhase(runId, "REPORTED");

        contract.check("GET", "/api/studies", get("/api/studies", token));
        contract.check("GET", "/api/studies/{runId}", get("/api/studies/" + runId, token));
        contract.check("GET", "/api/studies/{runId}", get("/api/studies/nope", token));
        contract.check("GET", "/api/studies/{runId}/files/{file}", get("/api/studies/" + runId + "/files/results.json", token));
        contract.check("GET", "/api/studies/{runId}/files/{file}", get("/api/studies/" + runId + "/files/trend.csv", token));
        contract.check("GET", "/api/studies/{runId}/files/{file}", get("/api/studies/" + runId + "/files/passwd", token));
        HttpResponse<String> jobFile = get("/api/studies/" + runId + "/files/jobs/0-p1/comp_time.log", token);
        contract.check("GET", "/api/studies/{runId}/files/jobs/{job}/{file}", jobFile);
        assertEquals(200, jobFile.statusCode(), jobFile.body());
        assertTrue(jobFile.body().startsWith("1 "), jobFile.body());
        contract.check("GET", "/api/studies/{runId}/files/jobs/{job}/{file}",
                get("/api/studies/" + runId + "/files/jobs/0-p1/..%2F..%2Freport.html", token));
        contract.check("GET", "/api/studies/{runId}/files/jobs/{job}/{file}", get("/api/studies/" + runId + "/files/jobs/..%2F0-p1/x", token));
        contract.check("POST", "/api/studies/{runId}/cancel", http.send(request("/api/studies/" + runId + "/cancel", token)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()));
        HttpResponse<byte[]> archive = http.send(HttpRequest.newBuilder(URI.create(base + "/api/studies/" + runId + "/archive"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, archive.statusCode());
        java.util.Set<String> archived = new java.util.TreeSet<>();
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(archive.body()))) {
            for (java.util.zip.ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                archived.add(e.getName());
            }
        }
        assertTrue(archived.containsAll(java.util.Set.of("results.csv", "report.html", "jobs/0-p1/comp_time.log")), "download all: " + archived);
        contract.check("GET", "/api/studies/{runId}/archive", get("/api/studies/" + runId + "/archive", token));
        contract.check("GET", "/api/studies/{runId}/archive", get("/api/studies/nope/archive", token));
        contract.check("GET", "/api/schedules", get("/api/schedules", token));
        HttpResponse<String> session = http.send(request("/api/session", token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        contract.check("POST", "/api/session", session);
        String cookie = session.headers().firstValue("Set-Cookie").orElse("");
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
        HttpResponse<String> byCookie = http.send(HttpRequest.newBuilder(URI.create(base + "/api/studies/" + runId + "/files/results.csv"))
                .header("Cookie", cookie.replaceFirst(";.*", "")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, byCookie.statusCode(), "a link with the session cookie alone: " + byCookie.body());
        contract.check("POST", "/api/session", http.send(HttpRequest.newBuilder(URI.create(base + "/api/session"))
                .header("Cookie", cookie.replaceFirst(";.*", "")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()));
        contract.check("GET", "/api/openapi.json", get("/api/openapi.json", null));

        HttpResponse<String> refused = get("/api/studies", null);
        contract.check("GET", "/api/studies", refused);
        assertEquals("Bearer", refused.headers().firstValue("WWW-Authenticate").orElse(""));
        assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElse(""));
        HttpResponse<String> unknown = get("/api/nothing/here", token);
        assertEquals(404, unknown.statusCode());
        assertEquals("application/problem+json", unknown.headers().firstValue("Content-Type").orElse(""));
        assertEquals("Not Found", JSON.readTree(unknown.body()).path("title").asText(), unknown.body());
        assertEquals(java.util.Set.of(), contract.unchecked(), "every operation is checked");
    }

    @Test
    void should_take_a_zip_larger_than_10_mib_and_run_it() throws Exception {
        // Above the 10 MiB that an HTTP server's default body limit would answer 413 to: HPC inputs are often GiBs.
        Path zip = dir.resolve("big.zip");
        byte[] data = new byte[12 * 1048576];
        new java.util.Random(3).nextBytes(data);
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            out.setLevel(0);
            out.putNextEntry(new java.util.zip.ZipEntry("study.yaml"));
            out.write("name: big\nprocessors: [1]\njob: {command: \"echo '1 0.01' > comp_time.log\"}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.putNextEntry(new java.util.zip.ZipEntry("data.bin"));
            out.write(data);
        }

        HttpResponse<String> answer = postZip(zip);

        assertEquals(202, answer.statusCode(), answer.body());
        String runId = JSON.readTree(answer.body()).path("runId").asText();
        awaitPhase(runId, "REPORTED");
        try (var left = Files.list(dir.resolve("uploads").resolve("incoming"))) {
            assertEquals(0, left.count(), "the part the HTTP server wrote was moved, not copied");
        }
    }

    @Test
    void should_answer_400_with_the_reason_for_a_bad_zip() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.zip"), "not a zip");
        HttpResponse<String> answer = postZip(bad);
        assertEquals(400, answer.statusCode());
        assertTrue(JSON.readTree(answer.body()).path("detail").asText().contains("not a zip archive"), answer.body());
    }

    @Test
    void should_cancel_a_running_study() throws Exception {
        // Two one-core jobs: both run at once even on two cores, so both are running when cancelled.
        Path zip = TestStudies.shellStudy(dir, "slow.zip", "name: slow\nprocessors: [1]\nparameters: {n: [1, 2]}\njob: {command: \"sleep 60 {n}\"}\n");
        String runId = JSON.readTree(postZip(zip).body()).path("runId").asText();
        // The answer comes once the run is recorded; its jobs are placed after that (a job stopped
        // while the embedded platform is starting it can run to its end: cancelled once they run).
        awaitJobs(runId, "RUNNING");
        HttpResponse<String> cancelled = http.send(request("/api/studies/" + runId + "/cancel", token)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, cancelled.statusCode(), cancelled.body());
        JsonNode run = awaitPhase(runId, "REPORTED");
        for (JsonNode job : run.path("jobs")) {
            assertEquals("STOPPED", job.path("state").asText(), job.toString());
        }
    }

    @Test
    void should_serve_the_openapi_document_and_the_page() throws Exception {
        JsonNode openapi = JSON.readTree(get("/api/openapi.json", null).body());
        assertEquals("3.0.3", openapi.path("openapi").asText());
        assertTrue(openapi.path("paths").has("/api/studies/{runId}/cancel"));
        assertTrue(get("/", null).body().contains("<title>hpc-sweep</title>"));
    }

    @Test
    void should_report_readiness_of_platform_and_database_and_publish_metrics() throws Exception {
        String management = "http://127.0.0.1:" + managementPort;
        JsonNode health = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(management + "/observe/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertEquals("UP", health.path("status").asText());
        java.util.Set<String> checks = new java.util.HashSet<>();
        health.path("checks").forEach(c -> checks.add(c.path("name").asText()));
        assertTrue(checks.containsAll(java.util.List.of("platform", "database")), checks.toString());
        // A study first, so that the platform calls it made are counted by endpoint and outcome.
        Path zip = TestStudies.shellStudy(dir, "metrics.zip", "name: metrics\nprocessors: [1]\njob: {command: \"bash workload.sh {procs} 1000\"}\n");
        awaitPhase(JSON.readTree(postZip(zip).body()).path("runId").asText(), "REPORTED");
        String metrics = http.send(HttpRequest.newBuilder(URI.create(management + "/observe/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(metrics.contains("hpcsweep_studies_running"), "studies running");
        assertTrue(metrics.contains("hpcsweep_jobs{state=\"RUNNING\"}"), "jobs by state");
        assertTrue(metrics.contains("hpcsweep_platform_retries_total"), "retries");
        assertTrue(java.util.regex.Pattern.compile("(?m)^hpcsweep_platform_circuit_open 0").matcher(metrics).find(), "circuit closed");
        assertTrue(java.util.regex.Pattern.compile("(?m)^hpcsweep_platform_calls_seconds_count\\{call=\"POST /jobs/\",outcome=\"201\"} [1-9]")
                .matcher(metrics).find(), "calls by endpoint and outcome: " + metrics.lines().filter(l -> l.contains("calls_seconds_count")).toList());
        assertTrue(metrics.contains("hpcsweep_platform_calls_seconds_bucket{"), "latency buckets, for p95");
        assertTrue(java.util.regex.Pattern.compile("(?m)^hpcsweep_jobs_finished_total\\{state=\"SUCCEEDED\"} [1-9]").matcher(metrics).find(),
                "jobs finished, over time: " + metrics.lines().filter(l -> l.contains("jobs_finished")).toList());
    }

    private static JsonNode awaitPhase(String runId, String phase) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < end) {
            JsonNode run = JSON.readTree(get("/api/studies/" + runId, token).body());
            if (run.path("phase").asText().equals(phase)) {
                return run;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("run " + runId + " never reached " + phase);
    }

    private static void awaitJobs(String runId, String state) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            JsonNode jobs = JSON.readTree(get("/api/studies/" + runId, token).body()).path("jobs");
            boolean all = jobs.size() > 0;
            for (JsonNode job : jobs) {
                all &= job.path("state").asText().equals(state);
            }
            if (all) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the jobs of run " + runId + " never all reached " + state);
    }

    private static HttpResponse<String> postZip(Path zip) throws Exception {
        String boundary = "b" + UUID.randomUUID();
        byte[] body = TestStudies.multipartFile(boundary, "file", zip);
        return http.send(request("/api/studies", token).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path, String withToken) throws Exception {
        return http.send(request(path, withToken).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(String path, String withToken) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (withToken != null) {
            b.header("Authorization", "Bearer " + withToken);
        }
        return b;
    }
}
