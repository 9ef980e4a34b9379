package org.hpcsweep.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.hpcsweep.platform.LocalPlatform;
import org.hpcsweep.platform.LocalPlatformSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18's acceptance in one go, through the API of a service on free ports: an alias bomb is a 400
 * with a message; a study whose parameter values hold shell syntax runs without running it, and its
 * jobs see neither the API token nor the platform key; every socket the service listens on is on loopback.
 */
class UntrustedStudyAcceptanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void should_refuse_a_bomb_run_hostile_values_as_text_keep_secrets_from_jobs_and_listen_on_loopback() throws Exception {
        String key = "platform-" + UUID.randomUUID();
        String token = "api-" + UUID.randomUUID();
        int api;
        int management;
        try (ServerSocket a = new ServerSocket(0); ServerSocket m = new ServerSocket(0)) {
            api = a.getLocalPort();
            management = m.getLocalPort();
        }
        try (LocalPlatform platform = LocalPlatform.start(new LocalPlatformSettings("127.0.0.1", 0, dir.resolve("platform"), Set.of(key), 2))) {
            Map<String, String> settings = new HashMap<>(Map.of("hpcsweep.api.enabled", "true", "hpcsweep.api.port", Integer.toString(api),
                    "hpcsweep.management.port", Integer.toString(management),
                    "hpcsweep.api.token-file", Files.writeString(dir.resolve("api-token"), token).toString(),
                    "hpcsweep.api.uploads", dir.resolve("uploads").toString()));
            try (HpcSweepService service = HpcSweepService.start(TestStudies.onPlatform(dir, platform.baseUrl(), key, settings))) {
                String base = "http://127.0.0.1:" + api + "/api/studies";
                HttpResponse<String> bomb = post(base, token, TestStudies.shellStudy(dir, "bomb.zip", """
                        name: bomb
                        processors: [1]
                        parameters:
                          a: &a [x, x, x, x, x, x, x, x, x]
                          b: [*a, *a, *a, *a, *a, *a, *a, *a, *a]
                        job: {command: "true"}
                        """));
                assertEquals(400, bomb.statusCode(), bomb.body());
                assertTrue(JSON.readTree(bomb.body()).path("detail").asText().contains("alias"), bomb.body());

                HttpResponse<String> hostile = post(base, token, TestStudies.shellStudy(dir, "hostile.zip", """
                        name: hostile
                        processors: [1]
                        parameters:
                          v: ["$(touch pwned-subst)", "; touch pwned-sep"]
                        job:
                          command: "echo {v} > value.txt; env > env.txt; echo '1 1.0' > comp_time.log"
                        """));
                assertEquals(202, hostile.statusCode(), hostile.body());
                String runId = JSON.readTree(hostile.body()).path("runId").asText();
                awaitReported(base + "/" + runId, token);

                List<Path> written = files(dir.resolve("platform"));
                assertTrue(written.stream().noneMatch(p -> p.getFileName().toString().startsWith("pwned")), "nothing was run: " + written);
                List<Path> values = written.stream().filter(p -> p.getFileName().toString().equals("value.txt")).toList();
                assertEquals(2, values.size(), "both jobs ran: " + written);
                for (Path value : values) {
                    String text = Files.readString(value).strip();
                    assertTrue(text.equals("$(touch pwned-subst)") || text.equals("; touch pwned-sep"), "the value as text: " + text);
                }
                List<Path> envs = written.stream().filter(p -> p.getFileName().toString().equals("env.txt")).toList();
                assertEquals(2, envs.size(), "each job wrote its environment: " + written);
                for (Path env : envs) {
                    String text = Files.readString(env);
                    assertFalse(text.contains(token), "the API token reached a job: " + env);
                    assertFalse(text.contains(key), "the platform key reached a job: " + env);
                }
                assumeTrue(ListeningSockets.available(), "no /proc/self/net/tcp here");
                assertEquals(List.of(), ListeningSockets.beyondLoopback(), "sockets listening beyond loopback");
            }
        }
    }

    private static HttpResponse<String> post(String url, String token, Path zip) throws Exception {
        String boundary = "b" + UUID.randomUUID();
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(TestStudies.multipartFile(boundary, "file", zip))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitReported(String url, String token) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String phase = "";
        while (System.nanoTime() < end) {
            JsonNode run = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).GET()
                    .build(), HttpResponse.BodyHandlers.ofString()).body());
            phase = run.path("phase").asText();
            if (phase.equals("REPORTED")) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the run did not report; phase " + phase);
    }

    private static List<Path> files(Path root) throws Exception {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).toList();
        }
    }
}
