package org.hpcsweep.platform;

import java.nio.file.Path;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * paging, DRF-style errors, and {@code Authorization: Token} checked on every call ({@link PlatformAnswers}),
 * in Rescale's JSON shapes ({@link RescaleJson}).
 */
public final class PlatformApi {
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
    private final PlatformAnswers answers;
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
        this.answers = new PlatformAnswers(settings.apiKeys(), counters);
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
            answers.error(exchange.getMessage(), "POST", "/api/v2/files/contents/",
                    ApiError.detail(500, "uploads are received over the platform's HTTP server only"));
            return;
        }
        HttpServerRequest request = http.getRequest();
        answers.answer(exchange, "POST", "/api/v2/files/contents/", 201, m -> {
            try {
                UploadReceiver.Received received = uploads.receive(request);
                if (received.file() == null) {
                    throw new ApiError(400, Map.of("file", List.of("No file was submitted.")));
                }
                StoredFile file = files.adoptUpload(received.file(), received.name(), received.md5());
                counters.fileUploaded();
                return RescaleJson.file(baseUrl, file);
            } catch (IOException e) {
                throw ApiError.detail(500, "upload not stored: " + e.getMessage());
            }
        }, () -> uploads.discard(request));
    }

    public void file(Exchange exchange) {
        answers.answer(exchange, "GET", "/api/v2/files/{id}/", 200, m -> RescaleJson.file(baseUrl, file(m)));
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
            answers.requireToken(m);
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
                    answers.status(m, "GET", "/api/v2/files/{id}/contents/", 416);
                    response.setStatusCode(416).end();
                    return;
                }
                response.putHeader("Content-Range", "bytes " + from + "-" + to + "/" + size);
                length = to - from + 1;
                status = 206;
            }
            answers.status(m, "GET", "/api/v2/files/{id}/contents/", status);
            // Waits for the end of the transfer: over HTTP/2 (h2c, which java.net.http asks for) the
            // response is not ended when sendFile returns, and Camel would then write a second one.
            // A client that goes away fails the transfer; there is no one left to answer.
            response.setStatusCode(status).sendFile(file.path().toString(), from, length)
                    .toCompletionStage().toCompletableFuture().exceptionally(gone -> null).join();
        } catch (ApiError e) {
            answers.error(m, "GET", "/api/v2/files/{id}/contents/", e);
        } catch (IOException e) {
            answers.error(m, "GET", "/api/v2/files/{id}/contents/", ApiError.detail(500, e.getMessage()));
        }
    }

    // ---- jobs

    public void createJob(Exchange exchange) {
        answers.answer(exchange, "POST", "/api/v2/jobs/", 201, m -> {
            JsonNode body = PlatformAnswers.body(m);
            JobRequestReader.JobRequest request = reader.read(body);
            String id = ids.next();
            LocalJob job = new LocalJob(id, body, request, dataDir.resolve("jobs").resolve(id));
            known(job);
            records.writeNow(job);
            counters.jobCreated();
            return RescaleJson.job(job, false);
        });
    }

    public void job(Exchange exchange) {
        answers.answer(exchange, "GET", "/api/v2/jobs/{id}/", 200, m -> RescaleJson.job(job(m), false));
    }

    public void listJobs(Exchange exchange) {
        answers.answer(exchange, "GET", "/api/v2/jobs/", 200, m -> {
            String state = m.getHeader("state", String.class);
            // Newest first, as Rescale lists jobs.
            List<LocalJob> all = new ArrayList<>(jobOrder);
            java.util.Collections.reverse(all);
            List<LocalJob> selected = all.stream().filter(j -> state == null || state.isBlank()
                    || ("completed".equals(state) == j.isCompleted())).toList();
            return PagedList.page(selected, j -> RescaleJson.job(j, true), PlatformAnswers.intParam(m, "page"), PlatformAnswers.intParam(m, "page_size"),
                    baseUrl + "/api/v2/jobs/?" + (state == null || state.isBlank() ? "" : "state=" + state + "&"));
        });
    }

    public void submitJob(Exchange exchange) {
        answers.answer(exchange, "POST", "/api/v2/jobs/{id}/submit/", 200, m -> {
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
        answers.answer(exchange, "POST", "/api/v2/jobs/{id}/stop/", 202, m -> {
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
        answers.answer(exchange, "DELETE", "/api/v2/jobs/{id}/", 204, m -> {
            LocalJob job = job(m);
            if (job.isSubmitted() && !job.isCompleted()) {
                throw ApiError.detail(400, "Job " + job.id() + " is still running; stop it first.");
            }
            jobs.remove(job.id());
            jobOrder.remove(job);
            records.forget(job);
            files.deleteJobFiles(job);
            return null;
        });
    }

    public void statuses(Exchange exchange) {
        answers.answer(exchange, "GET", "/api/v2/jobs/{id}/statuses/", 200, m -> {
            LocalJob job = job(m);
            return PagedList.page(job.newestFirst(), RescaleJson::status, PlatformAnswers.intParam(m, "page"), PlatformAnswers.intParam(m, "page_size"),
                    baseUrl + "/api/v2/jobs/" + job.id() + "/statuses/?");
        });
    }

    public void jobFiles(Exchange exchange) {
        answers.answer(exchange, "GET", "/api/v2/jobs/{id}/files/", 200, m -> {
            LocalJob job = job(m);
            String search = m.getHeader("search", String.class);
            List<StoredFile> outputs = job.isCompleted() ? job.outputs() : List.of();
            List<StoredFile> selected = outputs.stream()
                    .filter(f -> search == null || search.isBlank() || f.relativePath().contains(search)).toList();
            return PagedList.page(selected, f -> RescaleJson.file(baseUrl, f), PlatformAnswers.intParam(m, "page"), PlatformAnswers.intParam(m, "page_size"),
                    baseUrl + "/api/v2/jobs/" + job.id() + "/files/?"
                            + (search == null || search.isBlank() ? "" : "search=" + java.net.URLEncoder.encode(search,
                            java.nio.charset.StandardCharsets.UTF_8) + "&"));
        });
    }

    // ---- hardware and software

    public void coreTypes(Exchange exchange) {
        answers.answer(exchange, "GET", "/api/v2/coretypes/", 200, m ->
                PagedList.page(coreTypes.asJson(), t -> t, PlatformAnswers.intParam(m, "page"), PlatformAnswers.intParam(m, "page_size"), baseUrl + "/api/v2/coretypes/?"));
    }

    public void analyses(Exchange exchange) {
        answers.answer(exchange, "GET", "/api/v2/analyses/", 200, m ->
                PagedList.page(software.asJson(), a -> a, PlatformAnswers.intParam(m, "page"), PlatformAnswers.intParam(m, "page_size"), baseUrl + "/api/v2/analyses/?"));
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
}
