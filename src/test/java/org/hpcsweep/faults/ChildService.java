package org.hpcsweep.faults;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The service in a JVM of its own, started as {@code hpc-sweep serve} is, for the tests that kill it
 * with {@code kill -9} or stop it with SIGTERM (what no in-process test can do) and start it again on
 * the same state.
 */
final class ChildService {
    private final Path logs;
    private final List<String> command;

    /**
     * @param logs     where each start's output goes ({@code service-N.log}), named in every timeout
     * @param settings the test's own settings, over the quick polls and retries every such test uses
     */
    ChildService(Path logs, Path dir, Path inbox, Path output, Map<String, String> settings) {
        this.logs = logs;
        Map<String, String> all = new LinkedHashMap<>();
        all.put("hpcsweep.inbox", inbox.toString());
        all.put("hpcsweep.inbox.settle-millis", "200");
        all.put("hpcsweep.output", output.toString());
        all.put("hpcsweep.inputs", dir.resolve("inputs").toString());
        all.put("hpcsweep.db.url", "jdbc:h2:file:" + dir.resolve("db/state").toAbsolutePath());
        all.put("hpcsweep.poll.tick-millis", "100");
        all.put("hpcsweep.poll.min-interval-millis", "200");
        all.put("hpcsweep.poll.max-interval-millis", "1000");
        all.put("hpcsweep.retry.first-delay-millis", "100");
        all.put("hpcsweep.retry.max-delay-millis", "1000");
        // Any free port for the API and page these tests do not call: two suites at once on this machine
        // (another worktree's) made the default 8787 fail a start with "Address already in use".
        all.put("hpcsweep.api.port", "0");
        all.putAll(settings);
        command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.hpcsweep.cli.HpcSweep", "serve"));
        all.forEach((k, v) -> {
            command.add("--set");
            command.add(k + "=" + v);
        });
    }

    /** Starts the service's {@code generation}-th life; its output goes to {@code service-<generation>.log}. */
    Process start(int generation) throws IOException {
        return new ProcessBuilder(command).directory(Path.of("").toAbsolutePath().toFile())
                .redirectErrorStream(true).redirectOutput(log(generation).toFile()).start();
    }

    Path log(int generation) {
        return logs.resolve("service-" + generation + ".log");
    }

    /** Kills the service as a crash would (no shutdown hook runs). */
    static void kill(Process service) throws InterruptedException {
        service.destroyForcibly();
        service.waitFor();
    }

    /** Stops the service as Ctrl-C or SIGTERM would (its shutdown hook runs); fails if it takes over a minute. */
    static void stop(Process service) throws InterruptedException {
        service.destroy();
        if (!service.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            service.destroyForcibly();
            throw new AssertionError("the service did not stop within a minute of SIGTERM");
        }
    }

    void await(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for: " + what + "; service logs in " + logs.toAbsolutePath());
            }
            Thread.sleep(20);
        }
    }
}
