package org.hpcsweep.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service's state (issue 18, items 5 and 6): one service per state, private files, nothing listening beyond loopback. */
class ServiceStateTest {
    @TempDir
    Path dir;

    /** The shipped settings with data/ moved into the test's folder: the database URL as shipped, relocated. */
    private ServiceSettings shipped(Map<String, String> extra) throws Exception {
        Path data = dir.resolve("data");
        String url = ServiceSettings.load(null, Map.of()).get("hpcsweep.db.url").replace("./data/", data + "/");
        Map<String, String> all = new HashMap<>(Map.of("hpcsweep.db.url", url, "hpcsweep.inputs", data.resolve("inputs").toString(),
                "hpcsweep.platform.local.data-dir", data.resolve("platform").toString()));
        all.putAll(extra);
        return TestStudies.settings(dir, all);
    }

    @Test
    void should_refuse_a_second_service_on_the_same_state_naming_the_first_ones_pid() throws Exception {
        // Each start its own settings: a service writes the embedded platform's URL into the ones it is given.
        try (HpcSweepService first = HpcSweepService.start(shipped(Map.of()))) {
            ServiceSettings second = shipped(Map.of());
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> HpcSweepService.start(second).close());
            assertTrue(refused.getMessage().contains("another hpc-sweep service (pid " + ProcessHandle.current().pid() + ")"),
                    refused.getMessage());
        }
        // Once the first has stopped, the state is free again.
        HpcSweepService.start(shipped(Map.of())).close();
    }

    @Test
    void should_refuse_to_start_while_another_process_holds_the_state() throws Exception {
        ServiceSettings settings = shipped(Map.of());
        Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), LockHolder.class.getName(), ServiceLock.fileFor(settings).toString())
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("locked", out.readLine());
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> HpcSweepService.start(settings).close());
            assertTrue(refused.getMessage().contains("(pid " + other.pid() + ")"), refused.getMessage());
        } finally {
            other.getOutputStream().close();
            if (!other.waitFor(10, TimeUnit.SECONDS)) {
                other.destroyForcibly();
            }
        }
    }

    @Test
    void should_keep_its_state_private_and_listen_on_loopback_only() throws Exception {
        int api;
        int management;
        try (ServerSocket a = new ServerSocket(0); ServerSocket m = new ServerSocket(0)) {
            api = a.getLocalPort();
            management = m.getLocalPort();
        }
        Path data = dir.resolve("data");
        try (HpcSweepService service = HpcSweepService.start(shipped(Map.of("hpcsweep.api.enabled", "true",
                "hpcsweep.api.port", Integer.toString(api), "hpcsweep.management.port", Integer.toString(management),
                "hpcsweep.api.token-file", data.resolve("api-token").toString(),
                "hpcsweep.api.uploads", data.resolve("api-uploads").toString())))) {
            for (Path folder : new Path[] {data, data.resolve("inputs"), data.resolve("api-uploads"), data.resolve("api-uploads/incoming"),
                    data.resolve("platform")}) {
                // Nobody else may list or write them; the folders on the way to the embedded platform's job dirs
                // let others pass through (x only) when jobs run as another user (PlatformDirs).
                assertTrue(mode(folder).matches("rwx--[-x]--[-x]"), folder + " is " + mode(folder));
            }
            try (var files = Files.list(data)) {
                files.filter(Files::isRegularFile).forEach(f -> assertEquals("rw-------", mode(f), f.toString()));
            }
            assertTrue(Files.exists(data.resolve("hpc-sweep.mv.db")));
            assumeTrue(ListeningSockets.available(), "no /proc/self/net/tcp here");
            assertEquals(java.util.List.of(), ListeningSockets.beyondLoopback(), "sockets listening beyond loopback");
        }
    }

    private static String mode(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
