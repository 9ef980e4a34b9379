package org.hpcsweep.platform;

import java.nio.file.Path;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * The local platform's side of Rescale's v2 API, one method per endpoint (wired to paths in
 * routes/platform/local-platform.yaml). Each answers as Rescale does: status codes, field names,
 * paging, DRF-style errors, and {@code Authorization: Token} checked on every call.
 */
public final class PlatformApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private final LocalPlatformSettings settings;
    /** Where the platform keeps its data: the settings' data dir, or where {@link PlatformDirs} put it instead. */
    private final Path dataDir;
    private final String baseUrl;
    private final FileStore files;
    private final Ids ids;
    private final JobRequestReader reader;
    private final LocalScheduler scheduler;
    private final JobRunner runner;
    private final SoftwareCatalogue software;
    private final CoreTypes coreTypes;
    private final PlatformCounters counters;
    private final UploadReceiver uploads;
    private final Map<String, LocalJob> jobs = new ConcurrentHashMap<>();
    private final List<LocalJob> jobOrder = java.util.Collections.synchronizedList(new ArrayList<>());
    private final JobRecords records;

    PlatformApi(LocalPlatformSettings settings, Path dataDir, String baseUrl, FileStore files, Ids ids, LocalScheduler scheduler, JobRunner runner,
                SoftwareCatalogue software, CoreTypes coreTypes, PlatformCounters counters, UploadReceiver uploads, JobRecords records) {
        this.records = records;
        this.settings = settings;
        this.dataDir = dataDir;
        this.baseUrl = baseUrl;
        this.files = files;
        this.ids = ids;
        this.scheduler = scheduler;
        this.runner = runner;
        this.software = software;
        this.coreTypes = coreTypes;
        this.counters = counters;
        this.uploads = uploads;
        this.reader = new JobRequestReader(coreTypes, settings.oversubscribe(), software, files);
    }

    // ---- files

    /**
     * Stores the request's file part. The body arrives unread (the route's {@code useBodyHandler=false})
     * and {@link UploadReceiver} streams it to disk; a request that fails the token check is read
     * and dropped first, so that the client, which sends its whole body before it reads, gets the 401.
     */
    public void upload(Exchange exchange) {
        if (!(exchange.getIn() instanceof HttpMessage http)) {
            error(exchange.getMessage(), "POST", "/api/v2/files/contents/",
                    ApiError.detail(500, "uploads are received over the platform's HTTP server only"));
            return;
        }
        HttpServerRequest request = http.getRequest();
        answer(exchange, "POST", "/api/v2/files/contents/", 201, m -> {
            try {
                UploadReceiver.Received received = uploads.receive(request);
                if (received.file() == null) {
                    throw new ApiError(400, Map.of("file", List.of("No file was submitted.")));
                }
                StoredFile file = files.adoptUpload(received.file(), received.name(), received.md5());
                counters.fileUploaded();
                return fileJson(file);
            } catch (IOException e) {
                throw ApiError.detail(500, "upload not stored: " + e.getMessage());
            }
        }, () -> uploads.discard(request));
    }

    public void file(Exchange exchange) {
        answer(exchange, "GET", "/api/v2/files/{id}/", 200, m -> fileJson(file(m)));
    }

    /**
     * Sends a file's bytes, whole or one {@code Range}, with Vert.x's {@code sendFile}: the kernel
     * copies from the page cache to the socket (no Java buffers, constant heap), where handing Camel
     * an InputStream would move it in 16 KiB chunks through a worker thread (far slower: bench,
     * figure 3). Camel writes no response of its own once this one has ended;
     * the worker thread that runs this waits for the transfer to end.
     */
    public void fileContents(Exchange exchange) {
        Message m = exchange.getMessage();
        try {
            requireToken(m);
            StoredFile file = file(m);
            if (!(exchange.getIn() instanceof HttpMessage http)) {
                throw ApiError.detail(500, "file contents are served over the platform's HTTP server only");
            }
            long size = Files.size(file.path());
            String range = m.getHeader("Range", String.class);
            HttpServerResponse response = http.getResponse();
            response.putHeader("Content-Type", "application/octet-stream");
            response.putHeader("Content-Disposition", "attachment; filename=\"" + file.name().replace("\"", "") + "\"");
            response.putHeader("Accept-Ranges", "bytes");
            Matcher r = range == null ? null : RANGE.matcher(range.strip());
            long from = 0;
            long length = size;
            int status = 200;
            if (r != null && r.matches() && !(r.group(1).isEmpty() && r.group(2).isEmpty())) {
                from = r.group(1).isEmpty() ? Math.max(0, size - Long.parseLong(r.group(2))) : Long.parseLong(r.group(1));
                long to = r.group(1).isEmpty() || r.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(r.group(2)));
                if (from >= size || from > to) {
                    response.putHeader("Content-Range", "bytes */" + size);
                    status(m, "GET", "/api/v2/files/{id}/contents/", 416);
                    response.setStatusCode(416).end();
                    return;
                }
                response.putHeader("Content-Range", "bytes " + from + "-" + to + "/" + size);
                length = to - from + 1;
                status = 206;
            }
            status(m, "GET", "/api/v2/files/{id}/contents/", status);
            // Waits for the end of the transfer: over HTTP/2 (h2c, which java.net.http asks for) the
            // response is not ended when sendFile returns, and Camel would then write a second one.
            // A client that goes away fails the transfer; there is no one left to answer.
            response.setStatusCode(status).sendFile(file.path().toString(), from, length)
                    .toCompletionStage().toCompletableFuture().exceptionally(gone -> null).join();
        } catch (ApiError e) {
            error(m, "GET", "/api/v2/files/{id}/contents/", e);
        } catch (IOException e) {
            error(m, "GET", "/api/v2/files/{id}/contents/", ApiError.detail(500, e.getMessage()));
        }
    }

    // ---- jobs

    public void createJob(Exchange exchange) {
        answer(exchange, "POST", "/api/v2/jobs/", 201, m -> {
            JsonNode body = body(m);
            JobRequestReader.JobRequest request = reader.read(body);
            String id = ids.next();
            LocalJob job = new LocalJob(id, body, request, dataDir.resolve("jobs").resolve(id));
            known(job);
            records.writeNow(job);
            counters.jobCreated();
            return jobJson(job, false);
        });
    }

    public void job(Exchange exchange) {
        answer(exchange, "GET", "/api/v2/jobs/{id}/", 200, m -> jobJson(job(m), false));
    }

    public void listJobs(Exchange exchange) {
        answer(exchange, "GET", "/api/v2/jobs/", 200, m -> {
            String state = m.getHeader("state", String.class);
            // Newest first, as Rescale lists jobs.
            List<LocalJob> all = new ArrayList<>(jobOrder);
            java.util.Collections.reverse(all);
            List<LocalJob> selected = all.stream().filter(j -> state == null || state.isBlank()
                    || ("completed".equals(state) == j.isCompleted())).toList();
            return PagedList.page(selected, j -> jobJson(j, true), intParam(m, "page"), intParam(m, "page_size"),
                    baseUrl + "/api/v2/jobs/?" + (state == null || state.isBlank() ? "" : "state=" + state + "&"));
        });
    }

    public void submitJob(Exchange exchange) {
        answer(exchange, "POST", "/api/v2/jobs/{id}/submit/", 200, m -> {
            LocalJob job = job(m);
            synchronized (job) {
                if (job.isCompleted()) {
                    return null;
                }
                if (job.isSubmitted()) {
                    throw ApiError.detail(400, "Job " + job.id() + " has already been submitted.");
                }
                scheduler.submit(job);
            }
            records.writeNow(job);
            counters.jobSubmitted();
            return null;
        });
    }

    public void stopJob(Exchange exchange) {
        answer(exchange, "POST", "/api/v2/jobs/{id}/stop/", 202, m -> {
            LocalJob job = job(m);
            if (!job.isCompleted() && job.markStopRequested()) {
                job.status(LocalJob.STOPPING, null);
                if (scheduler.withdraw(job)) {
                    job.status(LocalJob.COMPLETED, JobRunner.STOPPED);
                } else {
                    runner.stop(job);
                }
                records.writeNow(job);
            }
            return null;
        });
    }

    public void deleteJob(Exchange exchange) {
        answer(exchange, "DELETE", "/api/v2/jobs/{id}/", 204, m -> {
            LocalJob job = job(m);
            if (job.isSubmitted() && !job.isCompleted()) {
                throw ApiError.detail(400, "Job " + job.id() + " is still running; stop it first.");
            }
            jobs.remove(job.id());
            jobOrder.remove(job);
            records.forget(job);
            return null;
        });
    }

    public void statuses(Exchange exchange) {
        answer(exchange, "GET", "/api/v2/jobs/{id}/statuses/", 200, m -> {
            LocalJob job = job(m);
            return PagedList.page(job.newestFirst(), PlatformApi::statusJson, intParam(m, "page"), intParam(m, "page_size"),
                    baseUrl + "/api/v2/jobs/" + job.id() + "/statuses/?");
        });
    }

    public void jobFiles(Exchange exchange) {
        answer(exchange, "GET", "/api/v2/jobs/{id}/files/", 200, m -> {
            LocalJob job = job(m);
            String search = m.getHeader("search", String.class);
            List<StoredFile> outputs = job.isCompleted() ? job.outputs() : List.of();
            List<StoredFile> selected = outputs.stream()
                    .filter(f -> search == null || search.isBlank() || f.relativePath().contains(search)).toList();
            return PagedList.page(selected, this::fileJson, intParam(m, "page"), intParam(m, "page_size"),
                    baseUrl + "/api/v2/jobs/" + job.id() + "/files/?"
                            + (search == null || search.isBlank() ? "" : "search=" + java.net.URLEncoder.encode(search,
                            java.nio.charset.StandardCharsets.UTF_8) + "&"));
        });
    }

    // ---- hardware and software

    public void coreTypes(Exchange exchange) {
        answer(exchange, "GET", "/api/v2/coretypes/", 200, m ->
                PagedList.page(coreTypes.asJson(), t -> t, intParam(m, "page"), intParam(m, "page_size"), baseUrl + "/api/v2/coretypes/?"));
    }

    public void analyses(Exchange exchange) {
        answer(exchange, "GET", "/api/v2/analyses/", 200, m ->
                PagedList.page(software.asJson(), a -> a, intParam(m, "page"), intParam(m, "page_size"), baseUrl + "/api/v2/analyses/?"));
    }

    /** A job this platform answers for from now on: a new one, or one an earlier run kept (JobRecovery). Its changes are recorded. */
    void known(LocalJob job) {
        job.onChange(() -> records.changed(job));
        jobs.put(job.id(), job);
        jobOrder.add(job);
    }

    /** For tests: the most cores the platform ever had busy at once. */
    int peakBusyCores() {
        return scheduler.peakBusyCores();
    }

    // ---- shared

    private void answer(Exchange exchange, String method, String endpoint, int success, Function<Message, Object> handler) {
        answer(exchange, method, endpoint, success, handler, () -> { });
    }

    /** {@code unauthorised} runs when the token check fails, before the 401 is answered. */
    private void answer(Exchange exchange, String method, String endpoint, int success, Function<Message, Object> handler,
                        Unauthorised unauthorised) {
        Message m = exchange.getMessage();
        try {
            try {
                requireToken(m);
            } catch (ApiError e) {
                unauthorised.run();
                throw e;
            }
            Object body = handler.apply(m);
            m.removeHeaders("*");
            status(m, method, endpoint, success);
            if (body == null) {
                m.setBody("");
            } else {
                m.setHeader("Content-Type", "application/json");
                m.setBody(JSON.writeValueAsString(body));
            }
        } catch (ApiError e) {
            error(m, method, endpoint, e);
        } catch (JsonProcessingException e) {
            error(m, method, endpoint, ApiError.detail(500, e.getOriginalMessage()));
        } catch (IOException e) {
            error(m, method, endpoint, ApiError.detail(500, e.getMessage()));
        }
    }

    @FunctionalInterface
    private interface Unauthorised {
        void run() throws IOException;
    }

    private void error(Message m, String method, String endpoint, ApiError e) {
        m.removeHeaders("*");
        status(m, method, endpoint, e.status());
        m.setHeader("Content-Type", "application/json");
        try {
            m.setBody(JSON.writeValueAsString(e.body()));
        } catch (JsonProcessingException impossible) {
            m.setBody("{\"detail\": \"error\"}");
        }
    }

    private void status(Message m, String method, String endpoint, int status) {
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        counters.call(method, endpoint, status);
    }

    private void requireToken(Message m) {
        String header = m.getHeader("Authorization", String.class);
        if (header == null || header.isBlank()) {
            throw ApiError.detail(401, "Authentication credentials were not provided.");
        }
        String[] parts = header.strip().split("\\s+", 2);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("Token") || !settings.apiKeys().contains(parts[1])) {
            throw ApiError.detail(401, "Invalid token.");
        }
    }

    private static JsonNode body(Message m) {
        String text = m.getBody(String.class);
        if (text == null || text.isBlank()) {
            throw ApiError.detail(400, "JSON parse error - empty body");
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiError.detail(400, "JSON parse error - " + e.getOriginalMessage());
        }
    }

    private LocalJob job(Message m) {
        LocalJob job = jobs.get(m.getHeader("id", String.class));
        if (job == null) {
            throw ApiError.notFound();
        }
        return job;
    }

    private StoredFile file(Message m) {
        return files.find(m.getHeader("id", String.class)).orElseThrow(ApiError::notFound);
    }

    private static Integer intParam(Message m, String name) {
        String value = m.getHeader(name, String.class);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new ApiError(400, Map.of(name, List.of("A valid integer is required.")));
        }
    }

    private Map<String, Object> fileJson(StoredFile f) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", f.id());
        json.put("name", f.name());
        json.put("typeId", f.typeId());
        json.put("downloadUrl", baseUrl + "/api/v2/files/" + f.id() + "/contents/");
        json.put("decryptedSize", f.size());
        json.put("relativePath", f.relativePath());
        json.put("path", "user/" + f.id() + "/" + f.relativePath());
        json.put("md5", f.md5());
        json.put("isUploaded", true);
        json.put("dateUploaded", DateTimeFormatter.ISO_INSTANT.format(f.dateUploaded()));
        return json;
    }

    private static Map<String, Object> statusJson(JobStatus s) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", s.status());
        json.put("statusDate", DateTimeFormatter.ISO_INSTANT.format(s.statusDate()));
        json.put("statusReason", s.statusReason());
        return json;
    }

    private static Map<String, Object> jobJson(LocalJob job, boolean withStatus) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", job.id());
        json.put("name", job.name());
        json.put("jobanalyses", job.request().path("jobanalyses"));
        json.put("projectId", job.request().path("projectId").isMissingNode() ? null : job.request().path("projectId"));
        if (withStatus) {
            JobStatus latest = job.latest();
            json.put("jobStatus", Map.of("content", latest.status(), "statusDate", DateTimeFormatter.ISO_INSTANT.format(latest.statusDate()),
                    "statusReason", latest.statusReason() == null ? "" : latest.statusReason()));
        }
        return json;
    }
}
