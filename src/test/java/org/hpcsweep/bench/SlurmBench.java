package org.hpcsweep.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.hpcsweep.faults.FaultyPlatformProxy;
import org.hpcsweep.report.RenderReport;
import org.hpcsweep.service.HpcSweepService;
import org.hpcsweep.slurm.SlurmJobRequest;
import org.hpcsweep.study.JobOutcome;
import org.hpcsweep.study.JobState;
import org.hpcsweep.study.StudyOutcome;
import org.hpcsweep.study.StudyRun;

/**
 * Figure 2g: figure 2's comparison on the CI's one-node Slurm (slurmctld, slurmd, slurmrestd v0.0.38 on
 * 127.0.0.1, started by .ci/slurm-up.sh). The reference is the tutorial's strategy over slurmrestd:
 * submit each job in turn, then every poll interval one {@code GET /slurm/v0.0.38/job/{id}} for each
 * job not yet seen ended, then read each job's comp_time.log from its work dir and write the same
 * report. hpc-sweep runs the same study with {@code hpcsweep.engine=slurm}. Both go through a
 * counting proxy on loopback (no delay): slurmrestd keeps no call counts. The job times come from
 * Slurm's own job record (whole seconds).
 *
 * <p>Usage: {@code SlurmBench <out.md> <workdir> <reps> <poll seconds> <jobs> <job seconds> <config,...>} (as
 * {@link ReferenceBench}'s, parsed by {@link ComparisonArgs}); a config
 * is a settings set NAME or NAME+rerun (the study's second run in the same service, after NAME's run).
 */
public final class SlurmBench {
    private static final String RERUN = "+rerun";
    private static final Set<String> ENDED = Set.of("COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY",
            "BOOT_FAIL", "DEADLINE", "PREEMPTED");

    /**
     * One run's figures. {@code slurmSpanS} is the compute floor as Slurm itself ran this run's jobs: the
     * last job's {@code end_time} minus the first job's {@code submit_time} (both Slurm's whole seconds,
     * truncated, so within a second either way). From the first submit, not the first start: the wait
     * before the first wave starts, and every later wave's start ~1 s after the previous one ended, are
     * the cluster's, not the client's, and the client cannot shorten them by polling. What the client
     * adds is its time before its first submit plus the time from the last end to the report.
     */
    record Figures(String who, int rep, double wallS, double lateMaxS, long calls, long statusCalls, double jobSeconds,
                   int succeeded, Map<String, Long> byEndpoint, double slurmSpanS) {
        double statusPerJobHour() {
            return statusCalls / (jobSeconds / 3600);
        }

        double beyondSlurmSpanS() {
            return wallS - slurmSpanS;
        }
    }

    /** slurmrestd as .ci/slurm-up.sh left it: URL, user, token file. */
    record Slurm(URI url, String user, Path tokenFile, Path conf) {
        static Slurm fromEnvFile() throws Exception {
            Path dir = Path.of(System.getenv().getOrDefault("HPC_SWEEP_SLURM_DIR", "/var/lib/hpc-sweep-slurm"));
            Map<String, String> env = new LinkedHashMap<>();
            for (String line : Files.readAllLines(dir.resolve("env"))) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    env.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
                }
            }
            return new Slurm(URI.create(env.get("SLURM_REST_URL")), env.get("SLURM_USER_NAME"), Path.of(env.get("SLURM_JWT_FILE")),
                    Path.of(env.getOrDefault("SLURM_CONF", dir.resolve("slurm.conf").toString())));
        }

        /**
         * The slurm.conf settings that decide when a queued job starts, as the cluster was configured
         * (what is not set is Slurm's default, said so).
         */
        String schedulingSettings() {
            List<String> keys = List.of("SchedulerType", "SchedulerParameters", "SelectType", "SelectTypeParameters", "CompleteWait");
            Map<String, String> found = new LinkedHashMap<>();
            try {
                for (String line : Files.readAllLines(conf)) {
                    int eq = line.indexOf('=');
                    if (!line.startsWith("#") && eq > 0 && keys.contains(line.substring(0, eq).strip())) {
                        found.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
                    }
                }
            } catch (java.io.IOException e) {
                return "slurm.conf not readable (" + e.getMessage() + ")";
            }
            StringBuilder text = new StringBuilder();
            for (String key : keys) {
                text.append(text.length() == 0 ? "" : ", ").append('`').append(key).append('=')
                        .append(found.getOrDefault(key, "(unset: default)")).append('`');
            }
            return text.toString();
        }

        HttpRequest.Builder request(URI base, String path) throws Exception {
            // The token file is re-read at every call, as hpc-sweep does: slurm-up.sh renews it.
            return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                    .header("X-SLURM-USER-NAME", user).header("X-SLURM-USER-TOKEN", Files.readString(tokenFile).strip());
        }
    }

    // HTTP/1.1: slurmrestd closes a connection that asks to upgrade to HTTP/2.
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public static void main(String[] args) throws Exception {
        ComparisonArgs a = ComparisonArgs.parse(args);
        Slurm slurm = Slurm.fromEnvFile();
        int cpus = nodeCpus(slurm);
        String command = "sleep " + a.jobSeconds() + "; echo \"1 " + a.jobSeconds() + "\" > comp_time.log";
        List<Figures> all = new ArrayList<>();
        for (int rep = 1; rep <= a.reps(); rep++) {
            Figures ref = reference(slurm, a.work(), rep, a.jobs(), command, a.pollSeconds());
            all.add(ref);
            print(ref);
            for (String c : a.configs()) {
                if (c.endsWith(RERUN)) {
                    continue; // measured in its base set's service, right after it
                }
                boolean rerun = a.configs().contains(c + RERUN);
                List<Figures> runs = hpcSweep(slurm, a.work(), rep, a.jobs(), command, c, rerun ? 2 : 1);
                for (Figures f : runs) {
                    all.add(f);
                    print(f);
                }
            }
        }
        Files.writeString(a.out(), markdown(all, a.configs(), a.jobs(), a.jobSeconds(), a.pollSeconds(), cpus, command, slurm.schedulingSettings()));
        Files.writeString(Path.of(a.out().toString().replace(".md", ".json")),
                BenchSupport.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(all));
        System.exit(0);
    }

    private static void print(Figures f) {
        System.out.printf("slurm-cmp %-26s rep %d: wall %.2f s (Slurm's span %.0f s, beyond it %.2f s), %d calls, %d status calls,"
                + " %.1f status/job-hour, late max %.2f s, succeeded %d, by endpoint %s%n", f.who, f.rep, f.wallS, f.slurmSpanS,
                f.beyondSlurmSpanS(), f.calls, f.statusCalls, f.statusPerJobHour(), f.lateMaxS, f.succeeded, f.byEndpoint);
    }

    static Figures reference(Slurm slurm, Path work, int rep, int n, String command, long pollSeconds) throws Exception {
        Path dir = work.resolve("slurm-reference-" + rep);
        BenchSupport.deleteTree(dir);
        Files.createDirectories(dir);
        String studyName = "slurmbench" + n;
        String yaml = BenchSupport.repStudy(studyName, n, command, "1");
        try (FaultyPlatformProxy proxy = new FaultyPlatformProxy(slurm.url(), 0, 0)) {
            URI base = proxy.baseUrl();
            Instant t0 = Instant.now();
            List<String> ids = new ArrayList<>();
            List<Path> dirs = new ArrayList<>();
            SlurmJobRequest requests = new SlurmJobRequest();
            for (int i = 0; i < n; i++) {
                Path wd = Files.createDirectories(dir.resolve("jobs/" + i));
                dirs.add(wd);
                String body = BenchSupport.JSON.writeValueAsString(requests.build(studyName + " " + i, 1, 1, wd, command, Map.of()));
                JsonNode answer = call(slurm.request(base, "/slurm/v0.0.38/job/submit").header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)));
                ids.add(answer.path("job_id").asText());
            }
            Map<String, Instant> noticed = new LinkedHashMap<>();
            while (true) {
                for (String id : ids) {
                    if (noticed.containsKey(id)) {
                        continue;
                    }
                    JsonNode job = call(slurm.request(base, "/slurm/v0.0.38/job/" + id).GET()).path("jobs").path(0);
                    if (ENDED.contains(job.path("job_state").asText())) {
                        noticed.put(id, Instant.now());
                    }
                }
                if (noticed.size() == ids.size()) {
                    break;
                }
                Thread.sleep(pollSeconds * 1000);
            }
            List<JobOutcome> outcomes = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Path log = dirs.get(i).resolve("comp_time.log");
                Double seconds = Files.exists(log) ? Double.parseDouble(Files.readString(log).trim().split("\\s+")[1]) : null;
                outcomes.add(new JobOutcome(1, Map.of("procs", "1", "rep", Integer.toString(i + 1)), studyName + " " + i, ids.get(i),
                        seconds == null ? JobState.FAILED : JobState.SUCCEEDED, "COMPLETED", null, seconds,
                        seconds == null ? "no comp_time.log" : null));
            }
            new RenderReport().render(new StudyOutcome(studyName, "reference", dir.resolve("output"), outcomes,
                    List.of("speedup", "efficiency", "comptime"), yaml, slurm.url().toString(), t0, Instant.now()));
            Instant done = Instant.now();
            Map<String, Long> calls = proxy.calls();
            return figures("reference " + pollSeconds + " s", rep, slurm, t0, done, ids, noticed, calls,
                    (int) outcomes.stream().filter(o -> o.state() == JobState.SUCCEEDED).count());
        } finally {
            BenchSupport.deleteTree(dir);
        }
    }

    /** {@code runs} runs of the study in one service with settings set {@code config}, each measured. */
    static List<Figures> hpcSweep(Slurm slurm, Path work, int rep, int n, String command, String config, int runs) throws Exception {
        Path dir = work.resolve("slurm-" + config + "-" + rep);
        BenchSupport.deleteTree(dir);
        Files.createDirectories(dir);
        Path zip = BenchSupport.studyZip(dir.resolve("study.zip"), BenchSupport.repStudy("slurmbench" + n, n, command, "1"));
        Path unusedKey = Files.writeString(dir.resolve("rescale-key"), "unused: the engine is slurm");
        List<Figures> measured = new ArrayList<>();
        try (FaultyPlatformProxy proxy = new FaultyPlatformProxy(slurm.url(), 0, 0)) {
            Map<String, String> extra = new LinkedHashMap<>(OverheadBench.CONFIGS.get(config));
            extra.put("hpcsweep.engine", "slurm");
            extra.put("hpcsweep.slurm.url", proxy.baseUrl().toString());
            extra.put("hpcsweep.slurm.user", slurm.user());
            extra.put("hpcsweep.slurm.token-file", slurm.tokenFile().toString());
            extra.put("hpcsweep.slurm.workdir", Files.createDirectories(dir.resolve("shared")).toString());
            try (HpcSweepService service = HpcSweepService.start(BenchSupport.serviceSettings(dir, URI.create("http://127.0.0.1:1"),
                    unusedKey, extra))) {
                for (int i = 0; i < runs; i++) {
                    Map<String, Long> before = proxy.calls();
                    Map<String, Instant> noticed = new ConcurrentHashMap<>();
                    Thread watcher = new Thread(() -> OverheadBench.watch(service, noticed), "bench-watcher");
                    watcher.setDaemon(true);
                    watcher.start();
                    Instant t0 = Instant.now();
                    StudyRun run = service.submit(zip);
                    StudyOutcome outcome = run.completion().get(30, TimeUnit.MINUTES);
                    Instant done = Instant.now();
                    watcher.interrupt();
                    watcher.join();
                    Map<String, Long> calls = new TreeMap<>(proxy.calls());
                    before.forEach((call, b) -> calls.computeIfPresent(call, (same, after) -> after - b == 0 ? null : after - b));
                    List<String> ids = outcome.jobs().stream().map(JobOutcome::jobId).toList();
                    int ok = (int) outcome.jobs().stream().filter(j -> j.state() == JobState.SUCCEEDED && j.seconds() != null).count();
                    measured.add(figures("hpc-sweep " + config + (i == 1 ? RERUN : ""), rep, slurm, t0, done, ids, noticed, calls, ok));
                }
            }
        } finally {
            BenchSupport.deleteTree(dir);
        }
        return measured;
    }

    /** The figures of one run, the jobs' times read from Slurm's record afterwards (straight, not through the counting proxy). */
    private static Figures figures(String who, int rep, Slurm slurm, Instant t0, Instant done, List<String> ids,
                                   Map<String, Instant> noticed, Map<String, Long> calls, int ok) throws Exception {
        double jobSeconds = 0;
        double lateMax = 0;
        long firstSubmit = Long.MAX_VALUE;
        long lastEnd = 0;
        for (String id : ids) {
            JsonNode job = call(slurm.request(slurm.url(), "/slurm/v0.0.38/job/" + id).GET()).path("jobs").path(0);
            long submitted = job.path("submit_time").asLong();
            long ended = job.path("end_time").asLong();
            jobSeconds += ended - submitted;
            firstSubmit = Math.min(firstSubmit, submitted);
            lastEnd = Math.max(lastEnd, ended);
            Instant seen = noticed.get(id);
            if (seen != null) {
                // end_time is whole seconds (truncated): the end lies within the second after it.
                lateMax = Math.max(lateMax, (seen.toEpochMilli() - ended * 1000) / 1000.0);
            }
        }
        long total = calls.values().stream().mapToLong(Long::longValue).sum();
        long status = calls.entrySet().stream().filter(e -> e.getKey().startsWith("GET ")
                && (e.getKey().endsWith("/job/{id}") || e.getKey().endsWith("/jobs"))).mapToLong(Map.Entry::getValue).sum();
        return new Figures(who, rep, OverheadBench.secs(t0, done), lateMax, total, status, jobSeconds, ok, new TreeMap<>(calls),
                lastEnd - firstSubmit);
    }

    private static JsonNode call(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(request.build().uri().getPath() + ": " + r.statusCode() + " " + r.body());
        }
        return BenchSupport.JSON.readTree(r.body());
    }

    /** The CPUs of the cluster's nodes: how many one-core jobs run at once. */
    private static int nodeCpus(Slurm slurm) throws Exception {
        int cpus = 0;
        for (JsonNode node : call(slurm.request(slurm.url(), "/slurm/v0.0.38/nodes").GET()).path("nodes")) {
            cpus += node.path("cpus").asInt();
        }
        return cpus;
    }

    static String markdown(List<Figures> all, List<String> configs, int n, int jobSeconds, long pollSeconds, int cpus, String command,
                           String clusterSettings) {
        int waves = (int) Math.ceil((double) n / cpus);
        double floor = waves * (double) jobSeconds;
        List<String> who = new ArrayList<>();
        who.add("reference " + pollSeconds + " s");
        configs.forEach(c -> who.add("hpc-sweep " + c));
        StringBuilder md = new StringBuilder("## 2g. Beside the reference (tutorial) strategy, on Slurm\n\n");
        md.append(n).append(" one-core jobs of `").append(command).append("` on the CI's one-node Slurm (slurmctld, slurmd and slurmrestd ")
                .append("v0.0.38 on 127.0.0.1, from `.ci/slurm-up.sh`; ").append(cpus).append(" CPUs, `SelectTypeParameters=CR_CPU`, so ")
                .append(waves).append(" waves: the compute floor is ").append(String.format("%.0f", floor)).append(" s). ")
                .append("The reference is the tutorial's strategy over slurmrestd (`SlurmBench.reference`): submit each job in turn ")
                .append("(`POST /slurm/v0.0.38/job/submit`), then every ").append(pollSeconds)
                .append(" s one `GET /slurm/v0.0.38/job/{id}` for each job not yet seen ended (check, then sleep), then read each job's ")
                .append("comp_time.log from its work dir (a shared filesystem: no download) and write the same report with hpc-sweep's ")
                .append("`RenderReport`. hpc-sweep runs the same study with `hpcsweep.engine=slurm` (all its jobs' states, an ended job's ")
                .append("exit code too, in one `GET /slurm/v0.0.38/jobs` per look). Both talk to slurmrestd through a counting proxy on loopback that adds no delay. ")
                .append("Job-seconds = Σ over jobs of Slurm's `submit_time` → `end_time`; wall = first submit (or the zip landing) → ")
                .append("report written; late = Slurm's `end_time` (whole seconds, truncated, so up to 1 s more) → client notices. ")
                .append("The ").append(String.format("%.0f", floor)).append(" s floor is not reachable here: each wave starts up to a ")
                .append("second or two after the previous one ended (most likely slurmd, which waits for the job's step daemon to exit, ")
                .append("checking once a second, before it reports the end that frees the CPUs), so each run also gets a fair floor: ")
                .append("Slurm's span = that run's last `end_time` − its first ")
                .append("`submit_time` (whole seconds, so ±1 s), the compute as Slurm itself ran those jobs; wall − Slurm's span is ")
                .append("what the client adds (before its first submit, and from the last end to the report). The cluster's ")
                .append("scheduling settings: ").append(clusterSettings).append(". ")
                .append("Median (min–max) over the repetitions; ratios are paired within each repetition. Each repetition runs the ")
                .append("reference, then hpc-sweep.");
        if (configs.stream().anyMatch(c -> c.endsWith(RERUN))) {
            md.append(" `NAME").append(RERUN).append("` is the study's second run in the service of NAME's run, measured after it.");
        }
        md.append("\n\n");
        Map<String, Function<Figures, Double>> rows = new LinkedHashMap<>();
        rows.put("wall time to charts, s", Figures::wallS);
        rows.put("wall − compute floor (" + String.format("%.0f", floor) + " s), s", f -> f.wallS - floor);
        rows.put("Slurm's span (last end_time − first submit_time), s", Figures::slurmSpanS);
        rows.put("wall − Slurm's span (what the client adds), s", Figures::beyondSlurmSpanS);
        rows.put("latest completion noticed, s after end_time", Figures::lateMaxS);
        rows.put("status calls", f -> (double) f.statusCalls);
        rows.put("job-seconds (Σ submit→end)", Figures::jobSeconds);
        rows.put("status calls per job-hour", Figures::statusPerJobHour);
        rows.put("total slurmrestd calls", f -> (double) f.calls);
        rows.put("jobs with a result", f -> (double) f.succeeded);
        md.append("| figure |");
        who.forEach(w -> md.append(' ').append(w).append(" |"));
        for (int i = 1; i < who.size(); i++) {
            md.append(" ratio reference / ").append(who.get(i)).append(" |");
        }
        md.append("\n|---|").append("---|".repeat(who.size() * 2 - 1)).append('\n');
        for (var row : rows.entrySet()) {
            md.append("| ").append(row.getKey()).append(" |");
            for (String w : who) {
                md.append(' ').append(BenchSupport.mms(all.stream().filter(f -> f.who.equals(w)).map(row.getValue()).toList(), "%.2f"))
                        .append(" |");
            }
            for (int i = 1; i < who.size(); i++) {
                String w = who.get(i);
                List<Double> ratios = new ArrayList<>();
                for (Figures ref : all.stream().filter(f -> f.who.equals(who.get(0))).toList()) {
                    all.stream().filter(f -> f.who.equals(w) && f.rep == ref.rep).findFirst()
                            .ifPresent(f -> ratios.add(row.getValue().apply(ref) / row.getValue().apply(f)));
                }
                md.append(' ').append(BenchSupport.mms(ratios, "%.2f×")).append(" |");
            }
            md.append('\n');
        }
        Map<String, Map<String, Long>> firstRep = new java.util.HashMap<>();
        all.stream().filter(f -> f.rep == 1).forEach(f -> firstRep.putIfAbsent(f.who, f.byEndpoint));
        md.append(BenchSupport.endpointTable("slurmrestd calls by endpoint (repetition 1)", who, firstRep));
        return md.toString();
    }
}
