package org.hpcsweep.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The local platform's v2 API over real HTTP on loopback: codes, fields, paging, auth, errors, and jobs that really run. */
class LocalPlatformApiTest {
    private static final String KEY = "api-test-key";
    @TempDir
    static Path dir;
    @RegisterExtension
    static final OnePlatform PLATFORM = new OnePlatform(KEY);

    @Test
    void should_refuse_calls_without_a_valid_token() throws Exception {
        PlatformClient anonymous = new PlatformClient(PLATFORM.platform().baseUrl(), null);
        PlatformClient wrong = new PlatformClient(PLATFORM.platform().baseUrl(), "not-the-key");
        assertEquals(401, anonymous.get("/api/v2/jobs/").status());
        assertEquals("Authentication credentials were not provided.", anonymous.get("/api/v2/jobs/").json().path("detail").asText());
        assertEquals(401, wrong.get("/api/v2/coretypes/").status());
        assertEquals("Invalid token.", wrong.get("/api/v2/coretypes/").json().path("detail").asText());
        assertEquals(401, wrong.post("/api/v2/jobs/", "{}").status());
    }

    @Test
    void should_serve_a_file_whole_or_by_range_over_http_1_1_and_http_2() throws Exception {
        byte[] data = new byte[300_000];
        new java.util.Random(42).nextBytes(data);
        Path file = Files.write(dir.resolve("payload.bin"), data);
        String url = PLATFORM.api().upload(file).json().path("downloadUrl").asText();
        int n = data.length;
        for (var version : List.of(java.net.http.HttpClient.Version.HTTP_1_1, java.net.http.HttpClient.Version.HTTP_2)) {
            PlatformClient.Bytes whole = PLATFORM.api().contents(url, null, version);
            assertEquals(200, whole.status(), version.toString());
            assertTrue(java.util.Arrays.equals(data, whole.body()), "whole file over " + version);
            assertEquals("bytes", whole.header("Accept-Ranges"));
            assertEquals("attachment; filename=\"payload.bin\"", whole.header("Content-Disposition"));

            PlatformClient.Bytes middle = PLATFORM.api().contents(url, "bytes=100-199", version);
            assertEquals(206, middle.status());
            assertEquals("bytes 100-199/" + n, middle.header("Content-Range"));
            assertTrue(java.util.Arrays.equals(java.util.Arrays.copyOfRange(data, 100, 200), middle.body()));

            PlatformClient.Bytes tail = PLATFORM.api().contents(url, "bytes=-10", version);
            assertEquals(206, tail.status());
            assertTrue(java.util.Arrays.equals(java.util.Arrays.copyOfRange(data, n - 10, n), tail.body()));

            PlatformClient.Bytes rest = PLATFORM.api().contents(url, "bytes=299990-", version);
            assertEquals("bytes 299990-" + (n - 1) + "/" + n, rest.header("Content-Range"));
            assertEquals(10, rest.body().length);

            // More than one range: the whole file, 200, as RFC 9110 allows (RangedDownload asks one range at a time).
            PlatformClient.Bytes several = PLATFORM.api().contents(url, "bytes=0-9,20-29", version);
            assertEquals(200, several.status());
            assertTrue(java.util.Arrays.equals(data, several.body()), "several ranges: the whole file over " + version);

            PlatformClient.Bytes beyond = PLATFORM.api().contents(url, "bytes=" + n + "-", version);
            assertEquals(416, beyond.status());
            assertEquals("bytes */" + n, beyond.header("Content-Range"));
        }
        assertEquals(404, PLATFORM.api().get("/api/v2/files/nosuch/contents/").status());
        assertEquals(401, new PlatformClient(PLATFORM.platform().baseUrl(), "wrong").get(url).status());
    }

    @Test
    void should_list_the_local_core_type_first_and_the_software() throws Exception {
        JsonNode types = PLATFORM.api().get("/api/v2/coretypes/?page_size=100").json();
        assertTrue(types.path("count").asInt() > 1, "local and Rescale's codes");
        assertTrue(types.path("next").isNull() && types.path("previous").isNull());
        JsonNode local = types.path("results").get(0);
        assertEquals("local", local.path("code").asText());
        assertEquals("[1,2]", local.path("cores").toString());
        JsonNode analyses = PLATFORM.api().get("/api/v2/analyses/").json();
        List<String> codes = new ArrayList<>();
        analyses.path("results").forEach(a -> codes.add(a.path("code").asText()));
        assertEquals(List.of("user_included", "anaconda", "shell", "hpc-sweep-smc"), codes);
        assertEquals("0", analyses.path("results").get(0).path("versions").get(0).path("version").asText());
    }

    @Test
    void should_run_a_job_through_its_whole_life_as_rescale_does() throws Exception {
        // The job runs a second, so that the second submit below meets it started, not already ended.
        JsonNode file = uploadZip("life.zip", Map.of("run.sh", "sleep 1; echo \"$1 0.25\" > comp_time.log; echo done"));
        assertEquals(1, file.path("typeId").asInt());
        for (String field : List.of("id", "name", "downloadUrl", "decryptedSize", "relativePath", "path", "md5", "isUploaded", "dateUploaded")) {
            assertTrue(file.has(field), "file JSON has " + field);
        }
        assertEquals(200, PLATFORM.api().get("/api/v2/files/" + file.path("id").asText() + "/").status());

        PlatformClient.Answer created = PLATFORM.api().post("/api/v2/jobs/", job("life", "bash run.sh 2", 2, file.path("id").asText()));
        assertEquals(201, created.status(), created.body());
        String id = created.json().path("id").asText();
        assertTrue(id.matches("[A-Za-z0-9]{6}"), id);
        assertEquals("life", PLATFORM.api().get("/api/v2/jobs/" + id + "/").json().path("name").asText());
        assertFalse(PLATFORM.api().get("/api/v2/jobs/" + id + "/").json().has("jobStatus"), "GET /jobs/{id}/ carries no status");
        assertEquals("Pending", PLATFORM.api().get("/api/v2/jobs/" + id + "/statuses/").json().path("results").get(0).path("status").asText());

        PlatformClient.Answer submitted = PLATFORM.api().post("/api/v2/jobs/" + id + "/submit/", null);
        assertEquals(200, submitted.status());
        assertEquals("", submitted.body());
        assertEquals(400, PLATFORM.api().post("/api/v2/jobs/" + id + "/submit/", null).status(), "a started job cannot be submitted again");

        JsonNode statuses = awaitCompleted(id);
        List<String> newestFirst = new ArrayList<>();
        statuses.path("results").forEach(s -> newestFirst.add(s.path("status").asText()));
        assertEquals(List.of("Completed", "Executing", "Validated", "Started", "Queued", "Pending"), newestFirst);
        JsonNode newest = statuses.path("results").get(0);
        assertEquals("Completed successfully", newest.path("statusReason").asText());
        assertTrue(newest.path("statusDate").asText().endsWith("Z"));
        assertEquals(200, PLATFORM.api().post("/api/v2/jobs/" + id + "/submit/", null).status(), "submitting a Completed job does nothing");

        JsonNode files = PLATFORM.api().get("/api/v2/jobs/" + id + "/files/").json();
        Map<String, JsonNode> byName = new java.util.HashMap<>();
        files.path("results").forEach(f -> byName.put(f.path("relativePath").asText(), f));
        assertEquals(Set.of("comp_time.log", "process_output.log"), byName.keySet(), "outputs, not the unpacked inputs");
        assertEquals(5, byName.get("comp_time.log").path("typeId").asInt());
        assertEquals("2 0.25\n", PLATFORM.api().get(byName.get("comp_time.log").path("downloadUrl").asText()).body());
        assertEquals("done\n", PLATFORM.api().get("/api/v2/files/" + byName.get("process_output.log").path("id").asText() + "/contents/").body());
        assertEquals(1, PLATFORM.api().get("/api/v2/jobs/" + id + "/files/?search=comp_time").json().path("count").asInt());

        JsonNode completed = PLATFORM.api().get("/api/v2/jobs/?state=completed&page_size=1000").json();
        boolean listed = false;
        for (JsonNode j : completed.path("results")) {
            if (j.path("id").asText().equals(id)) {
                listed = true;
                assertEquals("Completed", j.path("jobStatus").path("content").asText());
            }
        }
        assertTrue(listed, "the completed job is in the completed list");
        assertTrue(Files.isDirectory(PLATFORM.dataDir().resolve("jobs").resolve(id)));
        assertEquals(204, PLATFORM.api().delete("/api/v2/jobs/" + id + "/").status());
        assertEquals(404, PLATFORM.api().get("/api/v2/jobs/" + id + "/").status());
        // As on Rescale, its files go with it: nothing of the job is left to serve or on the disk.
        assertEquals(404, PLATFORM.api().get(byName.get("comp_time.log").path("downloadUrl").asText()).status());
        assertFalse(Files.exists(PLATFORM.dataDir().resolve("jobs").resolve(id)), "the job's dir is deleted");
        assertEquals(200, PLATFORM.api().get("/api/v2/files/" + file.path("id").asText() + "/").status(), "its input file stays");
    }

    @Test
    void should_delete_a_jobs_dir_without_following_the_links_the_job_made() throws Exception {
        // A job's work dir is the job's to fill: a link out of it must go, what it points to must stay.
        Path outside = Files.createDirectories(dir.resolve("outside-" + System.nanoTime()));
        Files.writeString(outside.resolve("keep.txt"), "not the job's");
        String id = createAndSubmit("links", "ln -s '" + outside + "' out-dir; ln -s '" + outside.resolve("keep.txt")
                + "' out-file; echo '1 0.1' > comp_time.log", 1, null);
        assertEquals("Completed successfully", awaitCompleted(id).path("results").get(0).path("statusReason").asText());
        Path work = PLATFORM.dataDir().resolve("jobs").resolve(id).resolve("work");
        assertTrue(Files.isSymbolicLink(work.resolve("out-dir")) && Files.isSymbolicLink(work.resolve("out-file")), "the job made its links");

        assertEquals(204, PLATFORM.api().delete("/api/v2/jobs/" + id + "/").status());

        assertFalse(Files.exists(PLATFORM.dataDir().resolve("jobs").resolve(id), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertEquals("not the job's", Files.readString(outside.resolve("keep.txt")));
    }

    @Test
    void should_end_a_failing_command_completed_with_a_run_failed() throws Exception {
        String id = createAndSubmit("fails", "echo 'no such solver' >&2; exit 7", 1, null);
        JsonNode newest = awaitCompleted(id).path("results").get(0);
        assertEquals("Completed", newest.path("status").asText());
        assertEquals("A run failed", newest.path("statusReason").asText());
    }

    @Test
    void should_answer_400_naming_the_field_of_a_bad_job() throws Exception {
        JsonNode noName = PLATFORM.api().post("/api/v2/jobs/", "{\"jobanalyses\": []}").json();
        assertEquals("This field is required.", noName.path("name").get(0).asText());
        PlatformClient.Answer tooMany = PLATFORM.api().post("/api/v2/jobs/", job("big", "true", 36, null));
        assertEquals(400, tooMany.status());
        String message = tooMany.json().path("jobanalyses").get(0).path("hardware").path("coresPerSlot").get(0).asText();
        assertTrue(message.contains("36") && message.contains("[1, 2]"), "names the allowed cores: " + message);
        JsonNode unknown = PLATFORM.api().post("/api/v2/jobs/", job("x", "true", 1, null).replace("\"shell\"", "\"ansys\"")).json();
        assertTrue(unknown.path("jobanalyses").get(0).path("analysis").path("code").get(0).asText().contains("ansys"));
        JsonNode badFile = PLATFORM.api().post("/api/v2/jobs/", job("x", "true", 1, "nope")).json();
        assertTrue(badFile.path("jobanalyses").get(0).path("inputFiles").toString().contains("nope"));
        PlatformClient.Answer garbled = PLATFORM.api().post("/api/v2/jobs/", "{\"name\": ");
        assertEquals(400, garbled.status());
        assertTrue(garbled.json().path("detail").asText().startsWith("JSON parse error"));
        assertEquals(404, PLATFORM.api().get("/api/v2/jobs/nope00/statuses/").status());
        assertEquals("Not found.", PLATFORM.api().get("/api/v2/files/nope00/").json().path("detail").asText());
    }

    @Test
    void should_page_output_files_with_absolute_next_links() throws Exception {
        String id = createAndSubmit("many", "for i in $(seq 1 25); do echo $i > out_$i.txt; done", 1, null);
        awaitCompleted(id);
        Set<String> seen = new HashSet<>();
        String next = "/api/v2/jobs/" + id + "/files/?page_size=10";
        int pages = 0;
        while (next != null) {
            JsonNode page = PLATFORM.api().get(next).json();
            assertEquals(26, page.path("count").asInt(), "25 files and process_output.log");
            page.path("results").forEach(f -> assertTrue(seen.add(f.path("relativePath").asText()), "listed once"));
            next = page.path("next").isNull() ? null : page.path("next").asText();
            assertTrue(next == null || next.startsWith(PLATFORM.platform().baseUrl().toString()), "next is absolute: " + next);
            pages++;
        }
        assertEquals(3, pages);
        assertEquals(26, seen.size());
        JsonNode last = PLATFORM.api().get("/api/v2/jobs/" + id + "/files/?page_size=10&page=3").json();
        assertTrue(last.path("previous").asText().contains("page=2"));
        assertNull(last.path("next").isNull() ? null : "not null");
    }

    @Test
    void should_refuse_a_zip_whose_entries_escape_the_work_dir() throws Exception {
        JsonNode file = uploadZip("slip.zip", Map.of("../../escaped.sh", "echo pwned"));
        String id = createAndSubmit("slip", "ls", 1, file.path("id").asText());
        JsonNode newest = awaitCompleted(id).path("results").get(0);
        assertEquals("A run failed", newest.path("statusReason").asText());
        assertFalse(Files.exists(PLATFORM.dataDir().resolve("jobs/" + id + "/escaped.sh")));
        JsonNode files = PLATFORM.api().get("/api/v2/jobs/" + id + "/files/?search=process_output").json();
        String log = PLATFORM.api().get(files.path("results").get(0).path("downloadUrl").asText()).body();
        assertTrue(log.contains("'../../escaped.sh'"), log);
    }

    @Test
    void should_never_run_more_jobs_than_there_are_free_cores() throws Exception {
        // Three 1-core jobs and a 2-core job on 2 cores: never more than 2 cores busy, and someone waits Queued.
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(createAndSubmit("one-" + i, "sleep 1", 1, null));
        }
        ids.add(createAndSubmit("two", "sleep 1", 2, null));
        List<Instant[]> spans = new ArrayList<>();
        for (String id : ids) {
            JsonNode statuses = awaitCompleted(id).path("results");
            Instant start = null;
            Instant end = null;
            for (JsonNode s : statuses) {
                if (s.path("status").asText().equals("Started")) {
                    start = Instant.parse(s.path("statusDate").asText());
                }
                if (s.path("status").asText().equals("Completed")) {
                    end = Instant.parse(s.path("statusDate").asText());
                }
            }
            spans.add(new Instant[] {start, end});
        }
        int[] cores = {1, 1, 1, 2};
        for (Instant[] probe : spans) {
            Instant t = probe[0].plusMillis(1);
            int busy = 0;
            for (int j = 0; j < spans.size(); j++) {
                if (!spans.get(j)[0].isAfter(t) && spans.get(j)[1].isAfter(t)) {
                    busy += cores[j];
                }
            }
            assertTrue(busy <= 2, "at most 2 cores busy at " + t + ", was " + busy);
        }
        assertTrue(PLATFORM.platform().peakBusyCores() <= 2);
        Instant twoStarted = spans.get(3)[0];
        assertTrue(Duration.between(spans.get(0)[0], twoStarted).toMillis() >= 900, "the 2-core job waited for cores");
    }

    @Test
    void should_stop_a_running_job() throws Exception {
        String id = createAndSubmit("long", "sleep 30", 1, null);
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!PLATFORM.api().get("/api/v2/jobs/" + id + "/statuses/").json().path("results").get(0).path("status").asText().equals("Executing")) {
            assertTrue(System.nanoTime() < end, "job started");
            Thread.sleep(50);
        }
        assertEquals(400, PLATFORM.api().delete("/api/v2/jobs/" + id + "/").status(), "cannot delete a running job");
        assertEquals(202, PLATFORM.api().post("/api/v2/jobs/" + id + "/stop/", null).status());
        JsonNode statuses = awaitCompleted(id).path("results");
        assertEquals("Job was stopped by user", statuses.get(0).path("statusReason").asText());
        boolean stopping = false;
        for (JsonNode s : statuses) {
            stopping |= s.path("status").asText().equals("Stopping");
        }
        assertTrue(stopping, "a Stopping in the history marks it stopped");
    }

    @Test
    void should_not_start_a_job_stopped_after_it_left_the_queue() throws Exception {
        // The window between leaving the queue and the process start is widened by its input: a zip of
        // 400 MB of zeros (about 400 KB) that the platform unpacks into the work dir after Started.
        Path zip = dir.resolve("zeros.zip");
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream zos = new ZipOutputStream(out)) {
            zos.putNextEntry(new ZipEntry("zeros.bin"));
            byte[] block = new byte[1 << 20];
            for (int i = 0; i < 400; i++) {
                zos.write(block);
            }
            zos.closeEntry();
        }
        PlatformClient.Answer uploaded = PLATFORM.api().upload(zip);
        assertEquals(201, uploaded.status(), uploaded.body());
        String id = createAndSubmit("stopped-while-staging", "sleep 20; echo ran > ran.txt", 1, uploaded.json().path("id").asText());

        String seen = "";
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!seen.equals("Started")) {
            assertTrue(System.nanoTime() < end, "the job never started");
            seen = PLATFORM.api().get("/api/v2/jobs/" + id + "/statuses/").json().path("results").get(0).path("status").asText();
            assertFalse(seen.equals("Validated") || seen.equals("Executing") || seen.equals("Completed"),
                    "the test missed the window between Started and the process start: " + seen);
            Thread.sleep(5);
        }
        Instant stopped = Instant.now();
        assertEquals(202, PLATFORM.api().post("/api/v2/jobs/" + id + "/stop/", null).status());

        JsonNode statuses = awaitCompleted(id).path("results");
        assertTrue(Duration.between(stopped, Instant.now()).toSeconds() < 15, "the job's 20 s command did not run to its end");
        assertEquals("Job was stopped by user", statuses.get(0).path("statusReason").asText());
        List<String> history = new ArrayList<>();
        statuses.forEach(st -> history.add(st.path("status").asText()));
        assertFalse(history.contains("Executing"), "the stop won over the start: " + history);
        JsonNode files = PLATFORM.api().get("/api/v2/jobs/" + id + "/files/").json().path("results");
        files.forEach(f -> assertFalse(f.path("name").asText().equals("ran.txt"), "the command ran"));
    }

    private String createAndSubmit(String name, String command, int cores, String fileId) throws Exception {
        return PLATFORM.api().submit(job(name, command, cores, fileId));
    }

    /** Every status entry of the job, newest first, once it completed. */
    private static JsonNode awaitCompleted(String id) throws Exception {
        PLATFORM.api().awaitStatus(id, "Completed");
        return PLATFORM.api().get("/api/v2/jobs/" + id + "/statuses/").json();
    }

    private static String job(String name, String command, int cores, String fileId) throws IOException {
        Map<String, Object> analysis = new java.util.LinkedHashMap<>();
        analysis.put("command", command);
        analysis.put("useMpi", false);
        analysis.put("analysis", Map.of("code", "shell", "version", "5"));
        analysis.put("hardware", Map.of("coreType", "local", "coresPerSlot", cores, "slots", 1, "walltime", 0.05));
        analysis.put("inputFiles", fileId == null ? List.of() : List.of(Map.of("id", fileId, "decompress", true)));
        analysis.put("envVars", Map.of());
        return PlatformClient.JSON.writeValueAsString(Map.of("name", name, "jobanalyses", List.of(analysis)));
    }

    private static JsonNode uploadZip(String name, Map<String, String> entries) throws Exception {
        Path zip = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream zos = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                zos.putNextEntry(new ZipEntry(e.getKey()));
                zos.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                zos.closeEntry();
            }
        }
        PlatformClient.Answer answer = PLATFORM.api().upload(zip);
        assertEquals(201, answer.status(), answer.body());
        return answer.json();
    }
}
