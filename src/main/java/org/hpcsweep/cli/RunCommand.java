package org.hpcsweep.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.hpcsweep.service.HpcSweepService;
import org.hpcsweep.study.JobOutcome;
import org.hpcsweep.study.StudyFolders;
import org.hpcsweep.study.StudyOutcome;
import org.hpcsweep.study.StudyRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code hpc-sweep run STUDY}: one study, start to report, then exit. */
@Command(name = "run", description = {"Run one study (a folder with a study.yaml, or a zip) to its report, then exit.",
        "Exit code: 0 all jobs succeeded, 3 the report is written but some jobs failed, 1 the study could not run."})
public final class RunCommand implements Callable<Integer> {

    @Parameters(paramLabel = "STUDY", description = "A study folder (study.yaml and its inputs) or a zip.")
    Path study;

    @picocli.CommandLine.Option(names = "--timeout", paramLabel = "DURATION",
            description = "Give up waiting after this long, ISO-8601 or e.g. 90m, 2h (default: ${DEFAULT-VALUE}).", defaultValue = "24h")
    String timeout;

    @Mixin
    ServiceOptions options;

    @Override
    public Integer call() throws Exception {
        if (!Files.exists(study)) {
            System.err.println("hpc-sweep run: " + study + " does not exist");
            return 1;
        }
        Duration limit = parseDuration(timeout);
        Path workDir = null;
        Path zip = study;
        if (Files.isDirectory(study)) {
            workDir = Files.createTempDirectory("hpc-sweep-run");
            String name = study.toAbsolutePath().normalize().getFileName().toString();
            zip = StudyFolders.pack(study, workDir.resolve(name + ".zip"));
        }
        try (HpcSweepService service = HpcSweepService.start(options.settings(Map.of())); ClosingHook atExit = new ClosingHook(service)) {
            StudyRun run;
            try {
                run = service.submit(zip);
            } catch (Exception e) {
                System.err.println("hpc-sweep run: " + rootMessage(e));
                return 1;
            }
            StudyOutcome outcome;
            try {
                outcome = run.completion().get(limit.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                System.err.println("hpc-sweep run: study " + run + " not finished after " + limit
                        + "; its jobs keep running on the platform");
                return 1;
            } catch (ExecutionException e) {
                System.err.println("hpc-sweep run: study " + run + " failed: " + rootMessage(e));
                return 1;
            }
            long ok = outcome.jobs().stream().filter(JobOutcome::hasTime).count();
            System.out.println("study " + outcome.studyName() + ": " + ok + "/" + outcome.jobs().size()
                    + " jobs succeeded; results in " + outcome.outputDir());
            return ok == outcome.jobs().size() ? 0 : 3;
        } finally {
            if (workDir != null) {
                Files.deleteIfExists(zip);
                Files.deleteIfExists(workDir);
            }
        }
    }

    static Duration parseDuration(String text) {
        String t = text.strip().toLowerCase();
        if (t.matches("\\d+[smhd]")) {
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        return Duration.parse(text.toUpperCase());
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
