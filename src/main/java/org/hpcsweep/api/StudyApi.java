package org.hpcsweep.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import jakarta.activation.DataHandler;
import jakarta.activation.FileDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.FluentProducerTemplate;
import org.apache.camel.Message;
import org.apache.camel.attachment.AttachmentMessage;
import org.hpcsweep.study.StudyInput;
import org.hpcsweep.study.StudyRun;
import org.hpcsweep.flow.Limits;
import org.hpcsweep.flow.RunRegistry;
import org.hpcsweep.study.StoredRuns;
import org.slf4j.LoggerFactory;

/**
 * The service's own REST API (wired in routes/api/10-api.yaml): submit a study, list studies, one
 * study with its jobs and their status histories, its results and charts, cancel it. Every call
 * needs {@code Authorization: Bearer <token>} with the service's API token (not a platform key).
 */
public final class StudyApi {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final StoredRuns storedRuns;
    private final RunRegistry runs;
    private final Limits limits;
    private final Path uploads;
    private final Callers callers;
    private final List<Map<String, String>> schedules;
    private final ApiFiles files;
    private FluentProducerTemplate template;

    public StudyApi(StoredRuns storedRuns, RunRegistry runs, Limits limits, Path uploads, Callers callers, List<Map<String, String>> schedules) {
        this.storedRuns = storedRuns;
        this.runs = runs;
        this.limits = limits;
        this.uploads = uploads;
        this.callers = callers;
        this.schedules = schedules;
        this.files = new ApiFiles(storedRuns, this::authorize);
    }

    public void setTemplate(FluentProducerTemplate template) {
        this.template = template;
    }

    public void list(Exchange exchange) {
        answer(exchange, 200, m -> storedRuns.runSummaries());
    }

    public void study(Exchange exchange) {
        answer(exchange, 200, m -> {
            Map<String, Object> run = storedRuns.runDetail(m.getHeader("runId", String.class));
            if (run == null) {
                throw new ApiProblem(404, "no study run " + m.getHeader("runId", String.class));
            }
            run.remove("outputDir");
            return run;
        });
    }

    /** results.csv, results.json, report.html and the charts of a run, and its study's trend. */
    public void file(Exchange exchange) {
        files.runFile(exchange);
    }

    /** A file a job left in jobs/&lt;index&gt;-p&lt;procs&gt;/ of the run: its result file, its output. */
    public void jobFile(Exchange exchange) {
        files.jobFile(exchange);
    }

    /** The run's whole folder as one zip (download all). */
    public void archive(Exchange exchange) {
        files.archive(exchange);
    }

    /**
     * Multipart: {@code file} (the zip), optionally {@code study} (a study file that overrides the zip's).
     * Answers 202 once the run is recorded; its upload and placement go on in the background.
     */
    public void submit(Exchange exchange) {
        answer(exchange, 202, m -> {
            AttachmentMessage parts = exchange.getMessage(AttachmentMessage.class);
            DataHandler zipPart = parts == null ? null : parts.getAttachment("file");
            if (zipPart == null) {
                throw new ApiProblem(400, "send the study as multipart form data: a part 'file' with the zip, optionally a part 'study' with a study file");
            }
            Path dir = null;
            try {
                dir = Files.createDirectories(uploads.resolve(UUID.randomUUID().toString()));
                Path zip = store(zipPart, dir);
                DataHandler studyPart = parts.getAttachment("study");
                if (studyPart != null) {
                    writeStudyPart(studyPart, StudyInput.sidecarOf(zip));
                }
                StudyRun run = template.to("direct:accept-study").withBody(zip.toFile()).request(StudyRun.class);
                return Map.of("runId", run.getRunId(), "study", run.getStudy().name(), "jobs", run.getJobCount());
            } catch (IOException e) {
                throw new ApiProblem(500, "upload not stored: " + e.getMessage());
            } catch (ApiProblem e) {
                throw e;
            } catch (RuntimeException e) {
                throw new ApiProblem(400, rootMessage(e));
            } finally {
                // The run keeps its own link to the zip (until it ends); an upload that did not make a run is not kept,
                // nor is any part the HTTP server wrote and nothing moved (the study part, parts not asked for).
                deleteUpload(dir);
                discardParts(parts);
            }
        });
    }

    /** The zip part, moved into {@code dir}: the HTTP server has written it to a file already, as it arrived. */
    private static Path store(DataHandler zipPart, Path dir) throws IOException {
        String name = Path.of(zipPart.getName() == null ? "study.zip" : zipPart.getName()).getFileName().toString();
        Path zip = dir.resolve(name.toLowerCase().endsWith(".zip") ? name : name + ".zip");
        if (zipPart.getDataSource() instanceof FileDataSource stored) {
            Files.move(stored.getFile().toPath(), zip, StandardCopyOption.REPLACE_EXISTING);
        } else {
            try (InputStream in = zipPart.getInputStream()) {
                Files.copy(in, zip, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return zip;
    }

    private static void discardParts(AttachmentMessage parts) {
        for (DataHandler part : parts.getAttachments().values()) {
            if (part.getDataSource() instanceof FileDataSource stored) {
                try {
                    Files.deleteIfExists(stored.getFile().toPath());
                } catch (IOException e) {
                    LoggerFactory.getLogger("hpcsweep.api").warn("could not delete the uploaded part {}: {}", stored.getFile(), e.getMessage());
                }
            }
        }
    }

    private static void deleteUpload(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            LoggerFactory.getLogger("hpcsweep.api").warn("could not delete the upload {}: {}", dir, e.getMessage());
        }
    }

    /** The {@code study} part, refused above 1 MiB as a study file inside a zip is: it is read whole to be parsed. */
    private static void writeStudyPart(DataHandler part, Path sidecar) throws IOException {
        try (InputStream in = part.getInputStream()) {
            byte[] text = in.readNBytes((int) StudyInput.MAX_STUDY_FILE_BYTES + 1);
            if (text.length > StudyInput.MAX_STUDY_FILE_BYTES) {
                throw new ApiProblem(400, "the 'study' part is larger than 1 MiB; is it the right file?");
            }
            Files.write(sidecar, text);
        }
    }

    public void cancel(Exchange exchange) {
        answer(exchange, 202, m -> {
            String runId = m.getHeader("runId", String.class);
            if (!runs.isRunning(runId)) {
                throw new ApiProblem(409, "run " + runId + " is not running here");
            }
            return Map.of("runId", runId, "jobsToStop", limits.cancel(runId));
        });
    }

    public void schedules(Exchange exchange) {
        answer(exchange, 200, m -> schedules);
    }

    // ---- shared

    private interface Handler {
        Object apply(Message m);
    }

    private void answer(Exchange exchange, int status, Handler handler) {
        Message m = exchange.getMessage();
        try {
            authorize(m);
            Object body = handler.apply(m);
            m.removeHeaders("*");
            m.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
            m.setHeader(Exchange.CONTENT_TYPE, "application/json");
            if (status == 202 && body instanceof Map<?, ?> accepted && accepted.get("runId") instanceof String runId) {
                // Where to follow the accepted run (RFC 9110: 202 with Location).
                m.setHeader("Location", "/api/studies/" + java.net.URLEncoder.encode(runId, java.nio.charset.StandardCharsets.UTF_8));
            }
            m.setBody(JSON.writeValueAsString(body));
        } catch (ApiProblem e) {
            Problems.write(m, e);
        } catch (JsonProcessingException e) {
            Problems.write(m, new ApiProblem(500, e.getOriginalMessage()));
        }
    }

    private void authorize(Message m) {
        if (!callers.accepts(m.getHeader("Authorization", String.class), m.getHeader("Cookie", String.class))) {
            throw new ApiProblem(401, BearerToken.REFUSAL);
        }
    }

    /**
     * POST /api/session: the page shows the token once (Bearer) and gets a session cookie, so that its
     * links to result files work. Only the token opens one, not another session.
     */
    public void session(Exchange exchange) {
        Message m = exchange.getMessage();
        if (!callers.hasToken(m.getHeader("Authorization", String.class))) {
            Problems.write(m, new ApiProblem(401, BearerToken.REFUSAL));
            return;
        }
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
        m.setHeader("Set-Cookie", callers.sessions().open());
        m.setHeader("Cache-Control", "no-store");
        m.setBody(null);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
