package org.hpcsweep.bench;

import java.io.IOException;
import java.net.URI;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.hpcsweep.platform.LocalPlatform;
import org.hpcsweep.platform.LocalPlatformSettings;
import org.hpcsweep.service.HpcSweepService;
import org.hpcsweep.study.JobOutcome;
import org.hpcsweep.study.JobState;
import org.hpcsweep.study.StudyOutcome;
import org.hpcsweep.study.StudyRun;
import org.hpcsweep.study.TrackedJob;

/**
 * Figure 1: orchestration overhead. Studies of N one-core jobs that do almost nothing
 * ({@code echo "1 0.01" > comp_time.log}) on the embedded platform; wall time from the submit call
 * (the zip landing) to the report being written, API calls by endpoint, and how late each job's
 * completion was noticed (a watcher thread reads the service's job states every 2 ms; the platform's
 * own Completed time comes from its status history, read after the run and not counted).
 *
 * <p>Usage: {@code OverheadBench <out.md> <workdir> <jobs,...> <reps> <reps for 1000> <config,...>}
 */
public final class OverheadBench {
    static final String COMMAND = "echo \"1 0.01\" > comp_time.log";
    static final double JOB_SECONDS = 0.01;

    static final Map<String, Map<String, String>> CONFIGS = new LinkedHashMap<>();

    static {
        CONFIGS.put("default", Map.of(
                "hpcsweep.poll.tick-millis", "250",
                "hpcsweep.poll.min-interval-millis", "500",
                "hpcsweep.poll.max-interval-millis", "15000"));
        CONFIGS.put("tuned", Map.of(
                "hpcsweep.poll.tick-millis", "50",
                "hpcsweep.poll.min-interval-millis", "200",
                "hpcsweep.poll.max-interval-millis", "5000"));
        // Issue 21 item 4: the submit phase with the limits Rescale would apply turned off (as in every set here: BenchSupport
        // sets both hourly limits to 0, and a scope without a limit now passes by the throttle) and, since nothing then holds
        // placement back, 8 jobs placed at once (placement waits on the database's commits and the platform's answers; more
        // in flight share commits). The tuned poll settings otherwise. 8 is the default now, so this is the tuned set again.
        CONFIGS.put("nolimits", Map.of(
                "hpcsweep.poll.tick-millis", "50",
                "hpcsweep.poll.min-interval-millis", "200",
                "hpcsweep.poll.max-interval-millis", "5000",
                "hpcsweep.rate.submit-per-hour", "0",
                "hpcsweep.rate.jobs-per-hour", "0",
                "hpcsweep.submit.concurrency", "8"));
        // More sets for an A/B probe: -Dbench.config.NAME=key=value,key=value (the default set plus these).
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("bench.config.")).sorted().forEach(k -> {
            Map<String, String> set = new LinkedHashMap<>(CONFIGS.get("default"));
            for (String kv : System.getProperty(k).split(",")) {
                set.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
            CONFIGS.put(k.substring("bench.config.".length()), Map.copyOf(set));
        });
    }

    record Run(String config, int jobs, int rep, double wallS, double submitS, double submitCpuS, double submitJobsCpuS, double floorS,
               double overheadS, double platformSpanS, double tailS, long calls, long statusCalls, long created, long submitted, long uploaded,
               int succeeded, double lateP50, double lateP95, double lateMax, double jobHours, Map<String, Long> byEndpoint, double cpuS) {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Path work = Path.of(args[1]).toAbsolutePath();
        List<Integer> sizes = java.util.Arrays.stream(args[2].split(",")).map(Integer::parseInt).toList();
        int reps = Integer.parseInt(args[3]);
        int repsBig = Integer.parseInt(args[4]);
        List<String> configs = List.of(args[5].split(","));
        int cores = Runtime.getRuntime().availableProcessors();

        // Discarded warm-up studies, so that class loading and JIT do not land on the first figures.
        run(work, "warmup", CONFIGS.get("tuned"), 10, 0, cores, COMMAND, JOB_SECONDS);
        run(work, "warmup", CONFIGS.get("default"), 200, 0, cores, COMMAND, JOB_SECONDS);

        // Settings sets interleaved within each repetition, so that drift in the machine's load hits both alike.
        List<Run> runs = new ArrayList<>();
        for (int n : sizes) {
            int r = n >= 1000 ? repsBig : reps;
            for (int rep = 1; rep <= r; rep++) {
                for (String config : configs) {
                    Run result = run(work, config, CONFIGS.get(config), n, rep, cores, COMMAND, JOB_SECONDS);
                    runs.add(result);
                    System.out.printf("overhead %-7s %4d jobs rep %d: wall %.2f s (CPU %.2f s), submit %.2f s (CPU %.2f s, jobs' CPU %.2f s), floor %.2f s, overhead %.2f s, %d calls (%.2f/job),"
                                    + " status %d, late max %.0f ms, succeeded %d/%d%n", config, n, rep, result.wallS, result.cpuS, result.submitS, result.submitCpuS, result.submitJobsCpuS, result.floorS,
                            result.overheadS, result.calls, (double) result.calls / n, result.statusCalls, result.lateMax,
                            result.succeeded, n);
                }
            }
        }
        Files.writeString(out, markdown(runs, configs, sizes, cores));
        Files.writeString(Path.of(out.toString().replace(".md", ".json")),
                BenchSupport.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(runs));
        System.exit(0);
    }

    static Run run(Path work, String config, Map<String, String> settings, int n, int rep, int cores, String command,
                   double jobSeconds) throws Exception {
        return run(work, config, settings, n, rep, cores, command, jobSeconds, 0);
    }

    /** As above, with every call held {@code latencyMillis} on its way, as a WAN round trip holds it ({@link WanLink}). */
    static Run run(Path work, String config, Map<String, String> settings, int n, int rep, int cores, String command,
                   double jobSeconds, long latencyMillis) throws Exception {
        return run(work, config, settings, n, rep, cores, command, jobSeconds, latencyMillis, 0);
    }

    /**
     * As above, the measured run being the study's {@code earlierRuns + 1}-th in the same service on
     * the same platform, as a scheduled study's nightly run is: the earlier runs are not measured, and
     * their calls are not counted.
     */
    static Run run(Path work, String config, Map<String, String> settings, int n, int rep, int cores, String command,
                   double jobSeconds, long latencyMillis, int earlierRuns) throws Exception {
        return runs(work, config, settings, n, rep, cores, BenchSupport.repStudy("bench" + n, n, command, "0.1"), jobSeconds,
                latencyMillis, earlierRuns + 1, earlierRuns).get(0);
    }

    /**
     * Runs {@code studyYaml} {@code runs} times in one service on one platform and measures every run
     * from the {@code measureFrom}-th (0-based) on, each on its own (calls counted from its start): a
     * study's first run and its second from one service, as a scheduled study's nightly runs are.
     */
    static List<Run> runs(Path work, String config, Map<String, String> settings, int n, int rep, int cores, String studyYaml,
                          double jobSeconds, long latencyMillis, int runs, int measureFrom) throws Exception {
        Path dir = work.resolve("study-" + config + "-" + n + "-" + rep);
        BenchSupport.deleteTree(dir);
        Files.createDirectories(dir);
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        String key = HexFormat.of().formatHex(secret);
        Path keyFile = Files.writeString(dir.resolve("key"), key);
        Path zip = BenchSupport.studyZip(dir.resolve("noop-" + n + ".zip"), studyYaml);
        try (LocalPlatform platform = LocalPlatform.start(new LocalPlatformSettings("127.0.0.1", 0, dir.resolve("platform"),
                Set.of(key), cores));
             WanLink link = WanLink.to(platform.baseUrl(), latencyMillis)) {
            List<Run> measured = new ArrayList<>();
            try (HpcSweepService service = HpcSweepService.start(BenchSupport.serviceSettings(dir, link.baseUrl(), keyFile, settings))) {
                for (int i = 0; i < runs; i++) {
                    if (i < measureFrom) {
                        service.submit(zip).completion().get(30, TimeUnit.MINUTES);
                    } else {
                        measured.add(measure(service, platform, key, zip, config, settings, n, rep, cores, jobSeconds));
                    }
                }
            }
            return measured;
        } finally {
            BenchSupport.deleteTree(dir);
        }
    }

    /** One measured run of the study in {@code zip}: calls counted from its submit, every job's lateness from the platform's history. */
    private static Run measure(HpcSweepService service, LocalPlatform platform, String key, Path zip, String config,
                               Map<String, String> settings, int n, int rep, int cores, double jobSeconds) throws Exception {
        Map<String, Instant> noticed = new ConcurrentHashMap<>();
        Map<String, Long> callsBefore = platform.counters().calls();
        long totalBefore = platform.counters().totalCalls();
        long createdBefore = platform.counters().jobsCreated();
        long submittedBefore = platform.counters().jobsSubmitted();
        long uploadedBefore = platform.counters().filesUploaded();
        Thread watcher = new Thread(() -> watch(service, noticed), "bench-watcher");
        watcher.setDaemon(true);
        watcher.start();
        long cpu0 = processCpuNanos();
        long jobsCpu0 = reapedChildrenCpuNanos();
        Instant t0 = Instant.now();
        StudyRun run = service.submit(zip);
        Instant submitted = Instant.now();
        double submitCpu = (processCpuNanos() - cpu0) / 1e9;
        double submitJobsCpu = (reapedChildrenCpuNanos() - jobsCpu0) / 1e9;
        StudyOutcome outcome = run.completion().get(30, TimeUnit.MINUTES);
        Instant done = Instant.now();
        double cpu = (processCpuNanos() - cpu0) / 1e9;
        watcher.interrupt();
        watcher.join();
        // Counters first: the look-ups below are the harness's, not the service's.
        Map<String, Long> calls = new TreeMap<>(platform.counters().calls());
        callsBefore.forEach((call, before) -> calls.computeIfPresent(call, (same, after) -> after - before == 0 ? null : after - before));
        long total = platform.counters().totalCalls() - totalBefore;
        long created = platform.counters().jobsCreated() - createdBefore;
        long subm = platform.counters().jobsSubmitted() - submittedBefore;
        long uploaded = platform.counters().filesUploaded() - uploadedBefore;

        BenchSupport.Client client = new BenchSupport.Client(platform.baseUrl(), key);
        List<Double> late = new ArrayList<>();
        Instant firstStarted = null;
        Instant lastCompleted = null;
        double jobHours = 0;
        int ok = 0;
        for (JobOutcome job : outcome.jobs()) {
            if (job.state() == JobState.SUCCEEDED && job.seconds() != null) {
                ok++;
            }
            var history = client.history(job.jobId());
            Instant started = BenchSupport.Client.first(history, "Started");
            Instant completed = BenchSupport.Client.first(history, "Completed");
            Instant queued = BenchSupport.Client.first(history, "Queued");
            if (queued != null && completed != null) {
                jobHours += secs(queued, completed) / 3600;
            }
            if (started != null && (firstStarted == null || started.isBefore(firstStarted))) {
                firstStarted = started;
            }
            if (completed != null && (lastCompleted == null || completed.isAfter(lastCompleted))) {
                lastCompleted = completed;
            }
            Instant seen = noticed.get(job.jobId());
            if (completed != null && seen != null) {
                late.add(Duration.between(completed, seen).toNanos() / 1e6);
            }
        }
        late.sort(null);
        long minInterval = Long.parseLong(settings.get("hpcsweep.poll.min-interval-millis"));
        double wall = secs(t0, done);
        double floor = Math.ceil((double) n / cores) * jobSeconds + minInterval / 1000.0;
        // Every call that reads a status counts: per-job statuses and the list of unfinished jobs alike.
        long status = calls.entrySet().stream().filter(e -> e.getKey().contains("/statuses/")
                        || e.getKey().startsWith("GET /api/v2/jobs/ "))
                .mapToLong(Map.Entry::getValue).sum();
        if (late.size() != n) {
            System.out.println("WARNING: completion seen for " + late.size() + " of " + n + " jobs");
        }
        return new Run(config, n, rep, wall, secs(t0, submitted), submitCpu, submitJobsCpu, floor, wall - floor,
                firstStarted == null || lastCompleted == null ? Double.NaN : secs(firstStarted, lastCompleted),
                lastCompleted == null ? Double.NaN : secs(lastCompleted, done), total, status, created, subm, uploaded, ok,
                pct(late, 0.5), pct(late, 0.95), late.isEmpty() ? Double.NaN : late.get(late.size() - 1), jobHours, new TreeMap<>(calls),
                cpu);
    }

    /** Notes the moment the service first holds each job as terminal. */
    static void watch(HpcSweepService service, Map<String, Instant> noticed) {
        while (!Thread.currentThread().isInterrupted()) {
            for (StudyRun run : service.flow().registry().all()) {
                for (TrackedJob job : run.getJobs()) {
                    String id = job.getPlatformId();
                    if (id != null && job.isTerminal() && !noticed.containsKey(id)) {
                        noticed.put(id, Instant.now());
                    }
                }
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * CPU time of this JVM (service, platform and harness; not the jobs' own processes): beside the
     * submit phase's wall time, what the phase costs whatever else the shared machine runs.
     */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * CPU time (user + system) of this JVM's child processes that ended and were waited for: the jobs'
     * wrappers with everything each waited for (the job user switch, the job's command, the user sweep),
     * i.e. the jobs' own start-up and run, which {@link #processCpuNanos} leaves out. From
     * {@code /proc/self/stat} (cutime, cstime; clock ticks of 10 ms); 0 where there is no /proc.
     */
    static long reapedChildrenCpuNanos() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[0] is the state (field 3 of proc(5)): cutime (16) and cstime (17) are fields[13] and fields[14].
            return (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) * 10_000_000L;
        } catch (IOException | RuntimeException noProc) {
            return 0;
        }
    }

    static double secs(Instant a, Instant b) {
        return Duration.between(a, b).toNanos() / 1e9;
    }

    static double pct(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    static String markdown(List<Run> runs, List<String> configs, List<Integer> sizes, int cores) {
        StringBuilder md = new StringBuilder();
        md.append("## 1. Orchestration overhead\n\n");
        md.append("N one-core jobs on the embedded platform (").append(cores).append(" cores), each running `")
                .append(COMMAND.replace("|", "\\|")).append("`. Study: `processors: [1]`, `parameters: {rep: [1..N]}`.\n")
                .append("Wall = from `service.submit(zip)` (the zip landing) to `completion()` (report written). ")
                .append("Floor = ceil(N/cores) × 0.01 s + one status observation (min-interval). Overhead = wall − floor. ")
                .append("Submit phase = from `service.submit(zip)` to its return: intake (study parsed, run and jobs recorded), ")
                .append("the input uploaded, every job created and submitted; submit CPU = this JVM's CPU time over it ")
                .append("(service and platform, not the jobs' processes), which the machine's other load does not inflate as it does wall time; ")
                .append("CPU = the same over the whole run (zip landing to report). ")
                .append("jobs' CPU = CPU time of the jobs' processes (wrapper, user switch, command, user sweep) that ended within the phase ")
                .append("(this JVM's reaped children, /proc/self/stat cutime + cstime, 10 ms ticks): the jobs start while the rest are placed, on the same cores. ")
                .append("Late = time between the platform's `Completed` status date and the moment the service held the job as ")
                .append("terminal (watcher thread, 2 ms resolution). Median (min–max) over the runs shown; ")
                .append("two discarded warm-up studies first, settings sets interleaved within each repetition.\n\n");
        md.append("Settings: ");
        for (String c : configs) {
            md.append("**").append(c).append("** = ");
            new TreeMap<>(CONFIGS.get(c)).forEach((k, v) -> md.append('`').append(k.replace("hpcsweep.poll.", "")).append('=').append(v).append("` "));
            md.append("; ");
        }
        md.append("\n\nEvery set runs with the hourly call limits Rescale would apply turned off (`hpcsweep.rate.submit-per-hour=0`, ")
                .append("`jobs-per-hour=0`; the embedded platform has none, and a call with no limit passes by the throttle). ")
                .append("**nolimits** is the set for the submit-phase target (< 3 s for 1,000 jobs): the tuned poll settings, ")
                .append("those limits named, and 8 jobs placed at once (`hpcsweep.submit.concurrency`); 8 is the default since ")
                .append("2026-12-04 (4 before), so nolimits is now the tuned set under another name: two columns of the same settings, ")
                .append("a check of the noise. Default and tuned stay comparable with earlier figures but for that default.\n\n");
        md.append("| settings | jobs | runs | wall s | CPU s | floor s | overhead s | submit phase s | submit CPU s | jobs' CPU in phase s | platform busy s | tail after last Completed s "
                + "| API calls/job | status calls/job | late p50 ms | late p95 ms | late max ms | succeeded | created/submitted/uploaded |\n");
        md.append("|---|---:|---:|---|---|---:|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (String c : configs) {
            for (int n : sizes) {
                List<Run> rs = runs.stream().filter(r -> r.config.equals(c) && r.jobs == n).toList();
                if (rs.isEmpty()) {
                    continue;
                }
                Run any = rs.get(0);
                md.append("| ").append(c).append(" | ").append(n).append(" | ").append(rs.size())
                        .append(" | ").append(BenchSupport.mms(rs.stream().map(Run::wallS).toList(), "%.2f"))
                        .append(" | ").append(BenchSupport.mms(rs.stream().map(Run::cpuS).toList(), "%.2f"))
                        .append(" | ").append(String.format("%.2f", any.floorS))
                        .append(" | ").append(BenchSupport.mms(rs.stream().map(Run::overheadS).toList(), "%.2f"))
                        .append(" | ").append(BenchSupport.mms(rs.stream().map(Run::submitS).toList(), "%.2f"))
                        .append(" | ").append(BenchSupport.mms(rs.stream().map(Run::submitCpuS).toList(), "%.2f"))
                        .append(" | ").append(BenchSupport.mms(rs.stream().map(Run::submitJobsCpuS).toList(), "%.2f"))
                        .append(" | ").append(BenchSupport.mms(rs.stream().map(Run::platformSpanS).toList(), "%.2f"))
                        .append(" | ").append(BenchSupport.mms(rs.stream().map(Run::tailS).toList(), "%.2f"))
                        .append(" | ").append(BenchSupport.mms(rs.stream().map(r -> (double) r.calls / n).toList(), "%.2f"))
                        .append(" | ").append(BenchSupport.mms(rs.stream().map(r -> (double) r.statusCalls / n).toList(), "%.2f"))
                        .append(" | ").append(BenchSupport.mms(rs.stream().map(Run::lateP50).toList(), "%.0f"))
                        .append(" | ").append(BenchSupport.mms(rs.stream().map(Run::lateP95).toList(), "%.0f"))
                        .append(" | ").append(BenchSupport.mms(rs.stream().map(Run::lateMax).toList(), "%.0f"))
                        .append(" | ").append(rs.stream().mapToInt(Run::succeeded).min().orElse(0)).append('/').append(n)
                        .append(" | ").append(rs.stream().map(r -> r.created + "/" + r.submitted + "/" + r.uploaded).distinct().toList())
                        .append(" |\n");
            }
        }
        md.append("\n### API calls by endpoint (one run each: the run with the median wall time)\n\n");
        for (String c : configs) {
            for (int n : sizes) {
                List<Run> rs = new ArrayList<>(runs.stream().filter(r -> r.config.equals(c) && r.jobs == n).toList());
                if (rs.isEmpty()) {
                    continue;
                }
                rs.sort(java.util.Comparator.comparingDouble(Run::wallS));
                Run m = rs.get((rs.size() - 1) / 2);
                md.append("**").append(c).append(", ").append(n).append(" jobs** (rep ").append(m.rep).append(", wall ")
                        .append(String.format("%.2f", m.wallS)).append(" s): total ").append(m.calls).append(" calls = ")
                        .append(String.format("%.2f", (double) m.calls / n)).append(" per job\n\n");
                md.append("| call | count | per job |\n|---|---:|---:|\n");
                m.byEndpoint.forEach((k, v) -> md.append("| `").append(k).append("` | ").append(v).append(" | ")
                        .append(String.format("%.2f", (double) v / n)).append(" |\n"));
                md.append('\n');
            }
        }
        return md.toString();
    }
}
