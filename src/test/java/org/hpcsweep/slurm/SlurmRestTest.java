package org.hpcsweep.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.hpcsweep.study.JobState;
import org.hpcsweep.study.ObservedStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Slurm engine against a real one-node Slurm (22.05, slurmrestd openapi/v0.0.38) on 127.0.0.1,
 * as {@code .ci/slurm-up.sh} sets it up: the routes of {@code routes/engine-slurm/10-slurm-calls.yaml}
 * submit, poll and cancel real batch jobs whose work dirs are on this machine's filesystem.
 * Skipped, with the reason, where that cluster is not running.
 */
class SlurmRestTest {
    /** Where slurm-up.sh writes; HPC_SWEEP_SLURM_DIR moves it, for the script and for this test alike. */
    static final Path STATE_DIR = Path.of(System.getenv().getOrDefault("HPC_SWEEP_SLURM_DIR", "/var/lib/hpc-sweep-slurm"));
    static final Duration JOB_TIMEOUT = Duration.ofSeconds(90);

    static CamelContext camel;
    static ProducerTemplate template;
    static SlurmCredentials credentials;
    static final SlurmState SLURM_STATE = new SlurmState();
    static final SlurmJobRequest REQUESTS = new SlurmJobRequest();

    @TempDir
    static Path shared;

    /** Why this machine has no test cluster, or null. Checked per test: surefire drops a class-level skip's reason. */
    static String unavailable;

    @BeforeAll
    static void startCamel() throws Exception {
        unavailable = whyUnavailable();
        if (unavailable != null) {
            System.err.println("SlurmRestTest skipped: " + unavailable);
            return;
        }
        Map<String, String> env = readEnvFile();
        URI url = URI.create(env.getOrDefault("SLURM_REST_URL", ""));
        // Loopback only: this test submits jobs, and the token is for the local test cluster.
        assertTrue("127.0.0.1".equals(url.getHost()) || "localhost".equals(url.getHost()),
                "SLURM_REST_URL in " + STATE_DIR.resolve("env") + " must be on 127.0.0.1, not " + url);

        credentials = SlurmCredentials.fromEnvironment(env);
        camel = new DefaultCamelContext();
        camel.getPropertiesComponent().addInitialProperty("hpcsweep.slurm.url", url.toString());
        camel.getRegistry().bind("slurmCredentials", credentials);
        camel.getRegistry().bind("platformBreaker", new org.hpcsweep.operations.PlatformBreaker(url.toString(), 5,
                java.time.Duration.ofSeconds(30), credentials::mask));
        PluginHelper.getRoutesLoader(camel).loadRoutes(
                ResourceHelper.resolveResource(camel, "classpath:routes/engine-slurm/10-slurm-calls.yaml"));
        camel.start();
        template = camel.createProducerTemplate();
    }

    @BeforeEach
    void requireCluster() {
        Assumptions.assumeTrue(unavailable == null, unavailable);
    }

    @AfterAll
    static void stopCamel() {
        if (camel != null) {
            camel.stop();
        }
    }

    @Test
    void should_run_one_job_per_processor_count_and_leave_its_result_in_the_work_dir() throws Exception {
        SlurmWorkspace workspace = new SlurmWorkspace(shared.resolve("runs"));
        Path input = inputZip(shared.resolve("study.zip"));
        // What a study's command does: time itself, write "<procs> <seconds>", and use its input.
        String command = "t0=$(date +%s%N)\n"
                + "cat input/greeting.txt > greeting.out\n"
                + "t1=$(date +%s%N)\n"
                + "printf '%s %s\\n' \"$SLURM_NTASKS\" \"$(( (t1 - t0) / 1000 + 1 ))e-6\" > comp_time.log\n"
                + "echo \"$SLURM_CPUS_ON_NODE $STUDY_VAR\" > allocation.txt\n";
        Map<Integer, Long> ids = new LinkedHashMap<>();
        Map<Integer, Path> dirs = new LinkedHashMap<>();
        long started = System.nanoTime();
        for (int procs : List.of(1, 2)) {
            Path dir = workspace.prepare(workspace.workDir("run-1", "scaling-" + procs), input);
            dirs.put(procs, dir);
            ids.put(procs, submit(REQUESTS.build("hpcsweep-test-" + procs, procs, 0.1, dir, command,
                    Map.of("STUDY_VAR", "from-the-study"))));
        }
        for (int procs : ids.keySet()) {
            ObservedStatus end = awaitEnd(ids.get(procs));
            Path dir = dirs.get(procs);
            assertEquals(new ObservedStatus("COMPLETED", "exit code 0", JobState.SUCCEEDED, List.of(), end.ran(), end.since(), 0), end,
                    "job " + ids.get(procs) + ", output: " + output(dir));
            // Slurm's own times (whole seconds): it ended (since) at most now and ran no longer than we waited.
            assertTrue(end.since() != null && !end.since().isAfter(java.time.Instant.now()), end.toString());
            assertTrue(end.ran() != null && !end.ran().isNegative()
                    && end.ran().toSeconds() <= (System.nanoTime() - started) / 1_000_000_000L + 1, end.toString());
            Path result = workspace.findResult(dir, "comp_time.log").orElseThrow();
            String[] line = Files.readString(result).strip().split(" ");
            assertEquals(String.valueOf(procs), line[0], "SLURM_NTASKS is the requested processor count");
            assertTrue(Double.parseDouble(line[1]) > 0, "seconds: " + line[1]);
            assertEquals(procs + " from-the-study", Files.readString(dir.resolve("allocation.txt")).strip(),
                    "procs cores on the node, and the study's environment");
            assertEquals("hello from the input zip", Files.readString(dir.resolve("greeting.out")).strip());
        }
        System.out.printf("SlurmRestTest: 2 jobs submitted and completed in %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    @Test
    void should_report_a_failing_command_as_failed_with_its_exit_code() throws Exception {
        Path dir = Files.createDirectories(shared.resolve("failing"));
        long id = submit(REQUESTS.build("hpcsweep-test-fail", 1, 0.1, dir, "echo about to fail\nexit 3", Map.of()));
        ObservedStatus end = awaitEnd(id);
        assertEquals(JobState.FAILED, end.state());
        assertEquals("FAILED", end.status());
        assertEquals("exit code 3 (NonZeroExitCode)", end.reason());
        assertEquals("about to fail", output(dir).strip(), "stdout goes to process_output.log in the work dir");
    }

    @Test
    void should_stop_a_cancelled_job() throws Exception {
        Path dir = Files.createDirectories(shared.resolve("cancelled"));
        long id = submit(REQUESTS.build("hpcsweep-test-cancel", 1, 0.1, dir, "sleep 120", Map.of()));
        Exchange cancel = call("direct:slurm-cancel", id, null);
        assertNull(cancel.getException());
        assertInstanceOf(JsonNode.class, cancel.getMessage().getBody());
        ObservedStatus end = awaitEnd(id);
        assertEquals(JobState.STOPPED, end.state(), end.toString());
        assertEquals("CANCELLED", end.status());
    }

    @Test
    void should_give_slurms_reason_when_it_refuses_a_call() {
        Exchange unknown = call("direct:slurm-status", 999_999_999L, null);
        SlurmCallException e = assertInstanceOf(SlurmCallException.class, unknown.getException());
        assertEquals("slurmrestd answered 500 to GET /slurm/v0.0.38/job/999999999: Unable to find JobId=999999999 (2017)",
                e.getMessage());
    }

    private static long submit(Map<String, Object> body) {
        Exchange done = call("direct:slurm-submit", null, body);
        if (done.getException() != null) {
            fail("submit failed: " + credentials.mask(done.getException().getMessage()), done.getException());
        }
        assertNull(done.getMessage().getHeader(SlurmApi.USER_TOKEN_HEADER), "no token left in the headers");
        JsonNode response = done.getMessage().getBody(JsonNode.class);
        assertTrue(response.path("job_id").isIntegralNumber(), response.toString());
        return response.path("job_id").asLong();
    }

    private static ObservedStatus awaitEnd(long jobId) throws InterruptedException {
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        ObservedStatus status = null;
        while (System.nanoTime() < deadline) {
            Exchange done = call("direct:slurm-status", jobId, null);
            if (done.getException() != null) {
                fail("status of job " + jobId + " failed: " + credentials.mask(done.getException().getMessage()));
            }
            status = SLURM_STATE.interpret(done.getMessage().getBody(JsonNode.class));
            if (status.state().isTerminal()) {
                return status;
            }
            Thread.sleep(250);
        }
        // Bounded: leave nothing running behind a failed test.
        call("direct:slurm-cancel", jobId, null);
        return fail("job " + jobId + " did not end within " + JOB_TIMEOUT + "; last seen " + status);
    }

    private static Exchange call(String route, Long jobId, Object body) {
        return template.send(route, exchange -> {
            if (jobId != null) {
                exchange.setProperty(SlurmCall.JOB_ID, jobId);
            }
            exchange.getMessage().setBody(body);
            // A header the flow might carry: it must not reach slurmrestd.
            exchange.getMessage().setHeader("CamelFileName", "study.zip");
        });
    }

    private static String output(Path dir) throws IOException {
        Path log = dir.resolve(SlurmJobRequest.OUTPUT_FILE);
        return Files.exists(log) ? Files.readString(log) : "(no " + log + ")";
    }

    private static Path inputZip(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("input/greeting.txt"));
            zip.write("hello from the input zip\n".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return file;
    }

    /** No env file from slurm-up.sh (saying why its last run failed, if it did), or slurmrestd not answering. */
    static String whyUnavailable() throws IOException {
        Path envFile = STATE_DIR.resolve("env");
        if (!Files.isRegularFile(envFile)) {
            Path reason = STATE_DIR.resolve("reason");
            return "no " + envFile + " from .ci/slurm-up.sh" + (Files.isRegularFile(reason)
                    ? "; its last run failed: " + Files.readAllLines(reason).stream().findFirst().orElse("?")
                    : "; run it as root to start the local Slurm test cluster");
        }
        Map<String, String> env = readEnvFile();
        String tokenFile = env.getOrDefault(SlurmCredentials.TOKEN_FILE_ENV, "");
        if (!tokenFile.isEmpty() && !Files.isReadable(Path.of(tokenFile))) {
            return "cannot read the token file " + tokenFile + " (mode 600, for the user who ran .ci/slurm-up.sh):"
                    + " run the tests as that user";
        }
        URI url = URI.create(env.getOrDefault("SLURM_REST_URL", "http://127.0.0.1:6820"));
        int port = url.getPort() == -1 ? 80 : url.getPort();
        String refused = connect(url.getHost(), port);
        return refused == null ? null : "slurmrestd does not answer on " + url.getHost() + ":" + port + " (" + refused
                + "): the daemons .ci/slurm-up.sh started are gone (machine restarted?); run it again as root";
    }

    /** KEY=VALUE lines of the env file slurm-up.sh writes. */
    static Map<String, String> readEnvFile() throws IOException {
        Path envFile = STATE_DIR.resolve("env");
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(envFile)) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("#")) {
                env.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        return env;
    }

    /** null when something listens there, else why not. */
    static String connect(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2000);
            return null;
        } catch (IOException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }
}
