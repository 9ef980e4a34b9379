package org.hpcsweep.bench;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.hpcsweep.platform.LocalPlatform;
import org.hpcsweep.platform.LocalPlatformSettings;

/**
 * Figure 2: hpc-sweep beside the tutorial's strategy ({@link ReferenceDriver}) on the same local
 * platform and the same study: N one-core jobs of {@code sleep T; echo "1 T" > comp_time.log}. Each
 * repetition runs the reference, then hpc-sweep with each settings set, each on a fresh platform.
 *
 * <p>Usage: {@code ReferenceBench <out.md> <workdir> <reps> <poll seconds> <jobs> <job seconds> <config,...>
 * [cores] [latency ms] [heading] [time scale]} (the leading seven parsed by {@link ComparisonArgs}, as
 * {@link SlurmBench}'s). A config is a settings set NAME, {@code NAME+rerun} (its study's
 * second run in the same service: measured after NAME's run when NAME is measured too) or {@code NAME+hint} (the
 * study file gives {@code job.expectedRuntime}, the jobs' length).
 *
 * <p>Time scale S (default 1): every time constant that matters is multiplied by S (the jobs' length, the tutorial's
 * interval, hpc-sweep's tick, min- and max-interval, the link's latency), so that 20 jobs of 30 minutes can be
 * measured in a fraction of that; every time reported is divided by S again (real-job equivalents). The figure
 * {@code scaling} checks that this changes nothing beyond noise by running the same case at S = 1 and below.
 */
public final class ReferenceBench {
    private static final String RERUN = "+rerun";
    private static final String HINT = "+hint";
    /**
     * {@code -Dbench.parallel=true}: a repetition's columns run at the same time, each on its own fresh platform, link and
     * service, instead of one after the other. For jobs that sleep (no CPU) at time scale 1, where a repetition of 5-minute
     * jobs would otherwise take five job lengths; ratios stay paired within the repetition (same minutes, same load).
     */
    static final boolean PARALLEL = Boolean.getBoolean("bench.parallel");

    record Figures(String who, int rep, double wallS, double tailS, long calls, long statusCalls, double jobHours,
                   double lateMaxS, int succeeded, Map<String, Long> byEndpoint) {
        double statusPerJobHour() {
            return statusCalls / jobHours;
        }

        /** Times of a run at time scale {@code scale} in real-job units (divided by it), counts as they are. */
        Figures unscaled(double scale, String as) {
            return new Figures(as, rep, wallS / scale, tailS / scale, calls, statusCalls, jobHours / scale, lateMaxS / scale, succeeded,
                    byEndpoint);
        }
    }

    /** A settings set with its time constants (tick, min- and max-interval) multiplied by {@code scale}. */
    static Map<String, String> scaled(Map<String, String> settings, double scale) {
        Map<String, String> out = new LinkedHashMap<>(settings);
        for (String key : List.of("hpcsweep.poll.tick-millis", "hpcsweep.poll.min-interval-millis", "hpcsweep.poll.max-interval-millis")) {
            out.computeIfPresent(key, (k, v) -> Long.toString(Math.max(1, Math.round(Long.parseLong(v) * scale))));
        }
        return out;
    }

    public static void main(String[] args) throws Exception {
        ComparisonArgs a = ComparisonArgs.parse(args);
        Path out = a.out();
        Path work = a.work();
        int reps = a.reps();
        long pollSeconds = a.pollSeconds();
        int n = a.jobs();
        int jobSeconds = a.jobSeconds();
        List<String> configs = a.configs();
        // Optional: the platform's cores (default: this machine's; a cloud platform starts all jobs at
        // once, and sleeping jobs need no CPU) and the latency of every call (default 0: loopback).
        int cores = Integer.parseInt(a.optional(0, Integer.toString(Runtime.getRuntime().availableProcessors())));
        long latencyMillis = Long.parseLong(a.optional(1, "0"));
        // Optional: the figure's heading (default: figure 2, or 2b with a latency).
        String heading = a.optional(2,
                latencyMillis > 0 ? "2b. Beside the reference (tutorial) strategy, cloud-like" : "2. Beside the reference (tutorial) strategy");
        double scale = Double.parseDouble(a.optional(3, "1"));
        String scaledSeconds = BigDecimal.valueOf(jobSeconds * scale).stripTrailingZeros().toPlainString();
        String command = "sleep " + scaledSeconds + "; echo \"1 " + scaledSeconds + "\" > comp_time.log";
        long scaledLatency = Math.round(latencyMillis * scale);

        OverheadBench.run(work, "warmup", OverheadBench.CONFIGS.get("tuned"), 10, 0, cores, OverheadBench.COMMAND,
                OverheadBench.JOB_SECONDS);
        List<Figures> all = new ArrayList<>();
        for (int rep = 1; rep <= reps; rep++) {
            final int r = rep;
            // A repetition's columns: the reference, then each settings set (a set and its "+rerun" are one column, one
            // service: the rerun is that service's second run). Each column has its own platform, link and service.
            List<Callable<List<Figures>>> columns = new ArrayList<>();
            columns.add(() -> List.of(reference(work, r, n, command, Math.round(pollSeconds * 1000 * scale), cores, scaledLatency)
                    .unscaled(scale, "reference " + pollSeconds + " s")));
            for (String c : configs) {
                // "NAME+rerun": settings set NAME, measured on the study's second run in the same service,
                // which knows how long each job ran the first time. When NAME is measured too, its run is
                // that first run (one service, both measured).
                boolean rerun = c.endsWith(RERUN);
                boolean hint = c.endsWith(HINT);
                String settings = rerun ? c.substring(0, c.length() - RERUN.length()) : hint ? c.substring(0, c.length() - HINT.length()) : c;
                if (rerun && configs.contains(settings)) {
                    continue;
                }
                boolean withRerun = !rerun && !hint && configs.contains(c + RERUN);
                String base = BenchSupport.repStudy("bench" + n, n, command, "1");
                String yaml = hint ? base.replace("  walltime: ", "  expectedRuntime: " + scaledSeconds + "s\n  walltime: ") : base;
                columns.add(() -> {
                    List<OverheadBench.Run> runs = OverheadBench.runs(work, c, scaled(OverheadBench.CONFIGS.get(settings), scale), n, r,
                            cores, yaml, jobSeconds * scale, scaledLatency, rerun || withRerun ? 2 : 1, rerun ? 1 : 0);
                    List<Figures> figures = new ArrayList<>();
                    for (int i = 0; i < runs.size(); i++) {
                        OverheadBench.Run run = runs.get(i);
                        String who = "hpc-sweep " + (i == 1 && withRerun ? c + RERUN : c);
                        // This JVM's CPU over the run: the column's own only when the columns run in turn.
                        System.out.printf("reference-cpu %-18s rep %d: wall %.2f s, JVM CPU %.2f s%s%n", who, r, run.wallS(), run.cpuS(),
                                PARALLEL ? " (columns at the same time: all columns' CPU)" : "");
                        figures.add(new Figures(who, r, run.wallS(), run.tailS(), run.calls(), run.statusCalls(), run.jobHours(),
                                run.lateMax() / 1000, run.succeeded(), run.byEndpoint()).unscaled(scale, who));
                    }
                    return figures;
                });
            }
            all.addAll(runColumns(columns, PARALLEL));
        }
        Files.writeString(out, markdown(heading, all, configs, n, jobSeconds, pollSeconds, cores, latencyMillis, command, scale));
        Files.writeString(Path.of(out.toString().replace(".md", ".json")),
                BenchSupport.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(all));
        System.exit(0);
    }

    /**
     * Runs the columns one after the other, or all at once (one thread each); each column's figures are printed as it
     * ends, and returned in the columns' order either way.
     */
    static List<Figures> runColumns(List<Callable<List<Figures>>> columns, boolean parallel) throws Exception {
        List<Callable<List<Figures>>> printed = columns.stream().<Callable<List<Figures>>>map(column -> () -> {
            List<Figures> figures = column.call();
            figures.forEach(ReferenceBench::print);
            return figures;
        }).toList();
        List<Figures> out = new ArrayList<>();
        if (!parallel) {
            for (Callable<List<Figures>> column : printed) {
                out.addAll(column.call());
            }
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(columns.size());
        try {
            for (Future<List<Figures>> column : pool.invokeAll(printed)) {
                out.addAll(column.get());
            }
        } finally {
            pool.shutdownNow();
        }
        return out;
    }

    private static void print(Figures f) {
        System.out.printf("reference-cmp %-18s rep %d: wall %.2f s, tail %.2f s, %d calls, %d status calls, %.1f status/job-hour,"
                        + " late max %.2f s, succeeded %d%n", f.who, f.rep, f.wallS, f.tailS, f.calls, f.statusCalls,
                f.statusPerJobHour(), f.lateMaxS, f.succeeded);
    }

    static Figures reference(Path work, int rep, int n, String command, long pollMillis, int cores, long latencyMillis)
            throws Exception {
        Path dir = work.resolve("reference-" + rep);
        BenchSupport.deleteTree(dir);
        Files.createDirectories(dir);
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        String key = HexFormat.of().formatHex(secret);
        String yaml = BenchSupport.repStudy("bench" + n, n, command, "1");
        Path zip = BenchSupport.studyZip(dir.resolve("study.zip"), yaml);
        try (LocalPlatform platform = LocalPlatform.start(new LocalPlatformSettings("127.0.0.1", 0, dir.resolve("platform"),
                Set.of(key), cores));
             WanLink link = WanLink.to(platform.baseUrl(), latencyMillis)) {
            BenchSupport.Client client = new BenchSupport.Client(platform.baseUrl(), key);
            List<String> commands = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                commands.add(command);
            }
            Instant t0 = Instant.now();
            ReferenceDriver.Result result = new ReferenceDriver(new BenchSupport.Client(link.baseUrl(), key), pollMillis).run(zip, "bench" + n, yaml, commands,
                    dir.resolve("output"));
            Instant done = Instant.now();
            Map<String, Long> calls = platform.counters().calls();
            long total = platform.counters().totalCalls();
            // Every call that reads a status counts: per-job statuses and the list of unfinished jobs alike.
            long status = calls.entrySet().stream().filter(e -> e.getKey().contains("/statuses/")
                    || e.getKey().startsWith("GET /api/v2/jobs/ ")).mapToLong(Map.Entry::getValue).sum();
            double jobHours = 0;
            double lateMax = 0;
            Instant lastCompleted = null;
            int ok = 0;
            for (String id : result.jobIds()) {
                var h = client.history(id);
                Instant queued = BenchSupport.Client.first(h, "Queued");
                Instant completed = BenchSupport.Client.first(h, "Completed");
                jobHours += OverheadBench.secs(queued, completed) / 3600;
                lateMax = Math.max(lateMax, OverheadBench.secs(completed, result.noticed().get(id)));
                if (lastCompleted == null || completed.isAfter(lastCompleted)) {
                    lastCompleted = completed;
                }
            }
            ok = (int) Files.walk(dir.resolve("output/jobs")).filter(p -> p.getFileName().toString().equals("comp_time.log")).count();
            if (!Files.exists(result.report())) {
                throw new IllegalStateException("reference wrote no report");
            }
            return new Figures("reference", rep, OverheadBench.secs(t0, done),
                    OverheadBench.secs(lastCompleted, done), total, status, jobHours, lateMax, ok, new TreeMap<>(calls));
        } finally {
            BenchSupport.deleteTree(dir);
        }
    }

    static String markdown(String heading, List<Figures> all, List<String> configs, int n, int jobSeconds, long pollSeconds, int cores,
                           long latencyMillis, String command, double scale) {
        double compute = Math.ceil((double) n / cores) * jobSeconds;
        List<String> who = new ArrayList<>();
        who.add("reference " + pollSeconds + " s");
        configs.forEach(c -> who.add("hpc-sweep " + c));
        StringBuilder md = new StringBuilder();
        // A heading of its own level ("### ...") for a part of a figure made of several runs of this bench.
        md.append(heading.startsWith("#") ? "" : "## ").append(heading).append("\n\n");
        md.append(n).append(" one-core jobs of `").append(command).append("` on the embedded platform (").append(cores)
                .append(" cores, so ").append((int) Math.ceil((double) n / cores)).append(" waves: the compute floor is ")
                .append(String.format("%.0f", compute)).append(" s)");
        if (latencyMillis > 0) {
            md.append(", every call held ").append(latencyMillis).append(" ms by a proxy on loopback (`WanLink`), as a round trip ")
                    .append("to a cloud platform would hold it; both columns go through it");
        }
        if (scale != 1) {
            md.append(". **Time scaled by ").append(scale).append("**: the jobs sleep ").append(scale).append(" × ").append(jobSeconds)
                    .append(" s, the tutorial polls every ").append(scale).append(" × ").append(pollSeconds)
                    .append(" s, hpc-sweep's tick, min- and max-interval and the link's latency are multiplied by ").append(scale)
                    .append(" too; every time and job-hour below is divided by ").append(scale)
                    .append(" again (real-job equivalents), call counts are as counted");
        }
        md.append(". The reference is the tutorial's strategy in java.net.http ")
                .append("(`ReferenceDriver`): one upload; create+submit each job in turn; then every ").append(pollSeconds)
                .append(" s one `GET /jobs/{id}/statuses/` for each job not yet seen Completed (check, then sleep); then per job page ")
                .append("`GET /jobs/{id}/files/` (default page size, following `next`) for comp_time.log and download it; then the same ")
                .append("charts/report, written by hpc-sweep's own `RenderReport` so that both columns end at the same files. ")
                .append(PARALLEL
                        ? "Each repetition runs the reference and hpc-sweep with each settings set **at the same time** (one thread each), "
                        + "each on its own fresh platform, link and service (`-Dbench.parallel=true`; the jobs sleep, so the columns "
                        + "share little CPU); a set and its `+rerun` are one column, the rerun after the first run. "
                        : "Each repetition runs the reference and then hpc-sweep with each settings set, each on a fresh platform. ")
                .append("Job-hours = Σ over jobs of (platform `Queued` → platform `Completed`); wall = start of the upload (zip landing) ")
                .append("→ report written; tail = platform's last `Completed` → report written; late = platform `Completed` → ")
                .append("client notices. Median (min–max) over the repetitions; ratios are paired within each repetition.");
        if (configs.stream().anyMatch(c -> c.endsWith(RERUN))) {
            md.append(" A column `NAME").append(RERUN).append("` is settings set NAME measured on the study's second run in the same ")
                    .append("service and platform (the first run neither timed nor counted), as a scheduled study's next run: it ")
                    .append("expects each job to run as long as it did the first time; when NAME is measured too, its run is that first run.");
        }
        if (configs.stream().anyMatch(c -> c.endsWith(HINT))) {
            md.append(" A column `NAME").append(HINT).append("` is settings set NAME on the study's first run, its study file giving ")
                    .append("`job.expectedRuntime` (the jobs' length).");
        }
        md.append("\n\n");
        Map<String, Function<Figures, Double>> rows = new LinkedHashMap<>();
        rows.put("wall time to charts, s", Figures::wallS);
        rows.put("wall − compute floor (" + String.format("%.0f", compute) + " s), s", f -> f.wallS - compute);
        rows.put("tail after last job Completed, s", Figures::tailS);
        rows.put("latest completion noticed, s after Completed", Figures::lateMaxS);
        rows.put("status calls", f -> (double) f.statusCalls);
        rows.put("job-seconds (Σ Queued→Completed)", f -> f.jobHours * 3600);
        rows.put("status calls per job-hour", Figures::statusPerJobHour);
        rows.put("total API calls", f -> (double) f.calls);
        rows.put("API calls per job", f -> (double) f.calls / n);
        rows.put("jobs with a result", f -> (double) f.succeeded);
        md.append("| figure |");
        who.forEach(w -> md.append(' ').append(w).append(" |"));
        for (int i = 1; i < who.size(); i++) {
            md.append(" ratio reference / ").append(who.get(i)).append(" |");
        }
        md.append("\n|---|");
        md.append("---|".repeat(who.size() * 2 - 1)).append('\n');
        for (var row : rows.entrySet()) {
            md.append("| ").append(row.getKey()).append(" |");
            for (String w : who) {
                List<Double> v = all.stream().filter(f -> f.who.equals(w)).map(row.getValue()).toList();
                md.append(' ').append(BenchSupport.mms(v, "%.2f")).append(" |");
            }
            for (int i = 1; i < who.size(); i++) {
                String w = who.get(i);
                List<Double> ratios = new ArrayList<>();
                for (Figures ref : all.stream().filter(f -> f.who.equals(who.get(0))).toList()) {
                    all.stream().filter(f -> f.who.equals(w) && f.rep == ref.rep).findFirst().ifPresent(f -> {
                        double a = row.getValue().apply(ref);
                        double b = row.getValue().apply(f);
                        ratios.add(a / b);
                    });
                }
                md.append(' ').append(BenchSupport.mms(ratios, "%.2f×")).append(" |");
            }
            md.append('\n');
        }
        Map<String, Map<String, Long>> firstRep = new java.util.HashMap<>();
        all.stream().filter(f -> f.rep == 1).forEach(f -> firstRep.putIfAbsent(f.who, f.byEndpoint));
        md.append(BenchSupport.endpointTable("Calls by endpoint (repetition 1)", who, firstRep));
        return md.toString();
    }

    static double secs(Instant a, Instant b) {
        return Duration.between(a, b).toNanos() / 1e9;
    }
}
