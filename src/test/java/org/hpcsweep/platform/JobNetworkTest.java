package org.hpcsweep.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hpcsweep.platform.local.network = none}: a job gets a network of its own with only a loopback.
 * It cannot call the platform's API (or anything else on this machine), and Open MPI within it still runs.
 */
class JobNetworkTest {
    private static final String KEY = "network-key";
    /** Tries the platform's port from inside the job: 0 when it connects. */
    private static final String TRY_PLATFORM = "(exec 3<>/dev/tcp/127.0.0.1/%d) 2>/dev/null; echo $? > connect.txt";
    @TempDir
    Path dir;

    @Test
    void should_keep_a_job_off_this_machine_s_network_and_still_run_open_mpi_in_it() throws Exception {
        assumeTrue(isRoot(), "a network of its own per job needs root (unshare --net)");
        try (LocalPlatform platform = LocalPlatform.start(new LocalPlatformSettings("127.0.0.1", 0, dir.resolve("none"), Set.of(KEY), 2,
                "", false, LocalPlatformSettings.NO_NETWORK))) {
            PlatformClient api = new PlatformClient(platform.baseUrl(), KEY);
            String id = run(api, TRY_PLATFORM.formatted(platform.baseUrl().getPort()), false);
            assertTrue(!api.output(id, "connect.txt").strip().equals("0"), "the job reached the platform's port");
            String mpi = run(api, "mpirun -np 2 hostname > ranks.txt", true);
            assertEquals(2, api.output(mpi, "ranks.txt").strip().split("\n").length, "both ranks ran");
        }
    }

    @Test
    void should_let_a_job_reach_this_machine_s_network_by_default() throws Exception {
        try (LocalPlatform platform = LocalPlatform.start(new LocalPlatformSettings("127.0.0.1", 0, dir.resolve("host"), Set.of(KEY), 2))) {
            PlatformClient api = new PlatformClient(platform.baseUrl(), KEY);
            String id = run(api, TRY_PLATFORM.formatted(platform.baseUrl().getPort()), false);
            assertEquals("0", api.output(id, "connect.txt").strip(), "host network: the same call connects");
        }
    }

    private static String run(PlatformClient api, String command, boolean mpi) throws Exception {
        Map<String, Object> analysis = Map.of("command", command, "useMpi", mpi,
                "analysis", Map.of("code", "shell", "version", "5"),
                "hardware", Map.of("coreType", "local", "coresPerSlot", mpi ? 2 : 1, "slots", 1, "walltime", 0.05),
                "inputFiles", List.of(), "envVars", Map.of());
        String id = api.submit(PlatformClient.JSON.writeValueAsString(Map.of("name", "net", "jobanalyses", List.of(analysis))));
        assertEquals("Completed successfully", api.awaitStatus(id, "Completed").path("statusReason").asText(), api.output(id, "process_output.log"));
        return id;
    }

    private static boolean isRoot() throws Exception {
        Process p = new ProcessBuilder("id", "-u").start();
        return new String(p.getInputStream().readAllBytes()).strip().equals("0");
    }
}
