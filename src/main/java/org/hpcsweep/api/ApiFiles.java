package org.hpcsweep.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.hpcsweep.study.StoredRuns;

/**
 * The files of a run served by the API: its results and charts, the study's trend across runs, and
 * each job's downloaded files and logs. Names are checked against fixed names or strict patterns and
 * the resolved path must stay in the run's folder, so no request reaches a file outside it.
 */
final class ApiFiles {
    private static final Set<String> RUN_FILES = Set.of("results.csv", "results.json", "report.html", "speedup.png", "speedup.svg",
            "efficiency.png", "efficiency.svg", "comptime.png", "comptime.svg", "cost.png", "cost.svg");
    /** Kept beside the study's runs (one folder up), across all of them: see StudyTrend. */
    private static final Set<String> STUDY_FILES = Set.of("trend.png", "trend.svg", "trend.csv");
    private static final Pattern JOB_FOLDER = Pattern.compile("\\d{1,9}-p\\d{1,9}");
    private static final Pattern JOB_FILE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,254}");

    private final StoredRuns storedRuns;
    private final Consumer<Message> authorize;

    ApiFiles(StoredRuns storedRuns, Consumer<Message> authorize) {
        this.storedRuns = storedRuns;
        this.authorize = authorize;
    }

    /** GET /api/studies/{runId}/files/{file}: a result of the run, or the study's trend. */
    void runFile(Exchange exchange) {
        serve(exchange.getMessage(), (m, outputDir) -> {
            String name = m.getHeader("file", String.class);
            if (RUN_FILES.contains(name)) {
                return outputDir.resolve(name);
            }
            if (STUDY_FILES.contains(name)) {
                return outputDir.getParent().resolve(name);
            }
            throw new ApiProblem(404, "no file " + name + "; a run has " + String.join(", ", new java.util.TreeSet<>(RUN_FILES))
                    + " and its study " + String.join(", ", new java.util.TreeSet<>(STUDY_FILES)));
        });
    }

    /** GET /api/studies/{runId}/files/jobs/{job}/{file}: a file the job left, e.g. comp_time.log or its output. */
    void jobFile(Exchange exchange) {
        serve(exchange.getMessage(), (m, outputDir) -> {
            String job = m.getHeader("job", String.class);
            String name = m.getHeader("file", String.class);
            if (job == null || name == null || !JOB_FOLDER.matcher(job).matches() || !JOB_FILE.matcher(name).matches()) {
                throw new ApiProblem(404, "no such job file; jobs are named <index>-p<procs>, files by their plain name");
            }
            Path jobs = outputDir.resolve("jobs");
            Path file = jobs.resolve(job).resolve(name).normalize();
            if (!file.startsWith(jobs)) {
                throw new ApiProblem(404, "no such job file");
            }
            return file;
        });
    }

    /**
     * GET /api/studies/{runId}/archive: the run's folder as one zip, its regular files only (no links: a job
     * could have left one pointing anywhere). Written to a temporary file first, so the answer has a length
     * and a large run is never held in memory; the file goes when the answer has been sent.
     */
    void archive(Exchange exchange) {
        Message m = exchange.getMessage();
        try {
            authorize.accept(m);
            Map<String, Object> run = storedRuns.runDetail(m.getHeader("runId", String.class));
            if (run == null) {
                throw new ApiProblem(404, "no study run " + m.getHeader("runId", String.class));
            }
            Path outputDir = Path.of((String) run.get("outputDir")).toAbsolutePath().normalize();
            if (!Files.isDirectory(outputDir, LinkOption.NOFOLLOW_LINKS)) {
                throw new ApiProblem(404, "the run has written nothing yet; it is " + run.get("phase"));
            }
            Path zip = Files.createTempFile("hpc-sweep-run-", ".zip");
            RunArchive.write(outputDir, zip);
            m.removeHeaders("*");
            m.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
            m.setHeader(Exchange.CONTENT_TYPE, "application/zip");
            m.setHeader("Content-Disposition", "attachment; filename=\"" + outputDir.getParent().getFileName() + "-"
                    + outputDir.getFileName() + ".zip\"");
            m.setBody(Files.newInputStream(zip, java.nio.file.StandardOpenOption.DELETE_ON_CLOSE));
        } catch (ApiProblem e) {
            Problems.write(m, e);
        } catch (IOException e) {
            Problems.write(m, new ApiProblem(500, e.getMessage()));
        }
    }

    private interface Locator {
        Path locate(Message m, Path outputDir);
    }

    private void serve(Message m, Locator locator) {
        try {
            authorize.accept(m);
            Map<String, Object> run = storedRuns.runDetail(m.getHeader("runId", String.class));
            if (run == null) {
                throw new ApiProblem(404, "no study run " + m.getHeader("runId", String.class));
            }
            Path file = locator.locate(m, Path.of((String) run.get("outputDir")).toAbsolutePath().normalize());
            // Not through a link: a job could have left one pointing anywhere.
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new ApiProblem(404, file.getFileName() + " is not written (yet); the run is " + run.get("phase"));
            }
            m.removeHeaders("*");
            m.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
            m.setHeader(Exchange.CONTENT_TYPE, contentType(file.getFileName().toString()));
            m.setHeader("X-Content-Type-Options", "nosniff");
            m.setBody(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS));
        } catch (ApiProblem e) {
            Problems.write(m, e);
        } catch (IOException e) {
            Problems.write(m, new ApiProblem(500, e.getMessage()));
        }
    }

    static String contentType(String name) {
        int dot = name.lastIndexOf('.');
        return switch (dot < 0 ? "" : name.substring(dot + 1).toLowerCase()) {
            case "png" -> "image/png";
            case "svg" -> "image/svg+xml";
            case "html" -> "text/html; charset=utf-8";
            case "csv" -> "text/csv; charset=utf-8";
            case "json" -> "application/json";
            // Job outputs are mostly text; shown in the browser rather than downloaded.
            case "log", "txt", "out", "err", "" -> "text/plain; charset=utf-8";
            default -> "application/octet-stream";
        };
    }
}
