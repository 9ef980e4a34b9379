package org.hpcsweep.platform;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The local platform's job endpoints of Rescale's v2 API, and the catalogue a job is checked against
 * (core types, software), one method per endpoint (wired to paths in routes/platform/20-jobs.yaml).
 * Each answers as Rescale does ({@link PlatformAnswers}: the token, status codes, paging, DRF-style
 * errors) in Rescale's JSON shapes ({@link RescaleJson}). It holds the jobs the platform answers for;
 * {@link JobRunner} runs them, {@link JobRecords} keeps them. The file endpoints are {@link PlatformFilesApi}.
 */
public final class PlatformJobsApi {
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
    private final PlatformAnswers answers;
    private final Map<String, LocalJob> jobs = new ConcurrentHashMap<>();
    private final List<LocalJob> jobOrder = java.util.Collections.synchronizedList(new ArrayList<>());
    private final JobRecords records;

    PlatformJobsApi(LocalPlatformSettings settings, Path dataDir, String baseUrl, FileStore files, Ids ids, LocalScheduler scheduler,
                    JobRunner runner, SoftwareCatalogue software, CoreTypes coreTypes, PlatformCounters counters,
                    PlatformAnswers answers, JobRecords records) {
        this.records = records;
        this.dataDir = dataDir;
        this.baseUrl = baseUrl;
        this.files = files;
        this.ids = ids;
        this.scheduler = scheduler;
        this.runner = runner;
        this.software = software;
        this.coreTypes = coreTypes;
        this.counters = counters;
        this.answers = answers;
        this.reader = new JobRequestReader(coreTypes, settings.oversubscribe(), software, files);
    }

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
            forget(job);
            return null;
        });
    }

    /** A job deleted (by a client, or by {@link PlatformRetention}): no longer answered for, its record and files gone. */
    void forget(LocalJob job) {
        jobs.remove(job.id());
        jobOrder.remove(job);
        records.forget(job);
        files.deleteJobFiles(job);
    }

    /** The jobs that completed before {@code cutoff}, oldest first. */
    List<LocalJob> completedBefore(java.time.Instant cutoff) {
        synchronized (jobOrder) {
            return jobOrder.stream().filter(j -> j.isCompleted() && j.latest().statusDate().isBefore(cutoff)).toList();
        }
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

    // ---- what a job may ask for

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

    private LocalJob job(Message m) {
        LocalJob job = jobs.get(m.getHeader("id", String.class));
        if (job == null) {
            throw ApiError.notFound();
        }
        return job;
    }
}
