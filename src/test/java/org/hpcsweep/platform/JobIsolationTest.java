package org.hpcsweep.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Jobs are other people's code (issue 18): on the real embedded platform, a job gets none of the
 * service's environment, and when the platform runs as root it runs as another user who cannot read
 * the platform's files or another job's work dir.
 */
class JobIsolationTest {
    private static final String KEY = "isolation-key-" + UUID.randomUUID();
    /** What a job's environment may share with the service's: the defaults JobEnvironment sets, and what bash adds. */
    private static final Set<String> OWN = Set.of("PATH", "HOME", "USER", "LOGNAME", "LANG", "PWD", "SHLVL", "_", "OLDPWD");
    @RegisterExtension
    static final OnePlatform PLATFORM = new OnePlatform(KEY);

    @Test
    void should_give_a_job_a_clean_environment_without_the_service_s_variables_or_the_platform_key() throws Exception {
        String id = PLATFORM.api().runShell("env", "env > env.txt", Map.of("STUDY_VAR", "from the study"));
        Map<String, String> env = parseEnv(PLATFORM.api().output(id, "env.txt"));

        List<String> inherited = System.getenv().keySet().stream().filter(k -> !OWN.contains(k)).sorted().toList();
        assumeTrue(!inherited.isEmpty(), "the test JVM has no environment variable of its own to look for");
        for (String name : inherited) {
            assertFalse(env.containsKey(name), "the service's " + name + " reached the job: " + env.keySet());
        }
        assertFalse(env.toString().contains(KEY), "the platform key is nowhere in the job's environment");
        assertEquals("from the study", env.get("STUDY_VAR"));
        assertEquals("1", env.get("RESCALE_CORES_PER_SLOT"));
        assertEquals(PLATFORM.dataDir().resolve("jobs").resolve(id).resolve("work").toAbsolutePath().toString(), env.get("HOME"));
        assertTrue(env.get("PATH").contains("/usr/bin"), env.get("PATH"));
    }

    @Test
    void should_run_a_job_as_an_unprivileged_user_when_the_platform_runs_as_root() throws Exception {
        assumeTrue(isRoot(), "the platform switches users only when it runs as root");
        String id = PLATFORM.api().runShell("whoami", "id -u > uid.txt; id -G > groups.txt", Map.of());
        assertNotEquals("0", PLATFORM.api().output(id, "uid.txt").strip());
        assertFalse(List.of(PLATFORM.api().output(id, "groups.txt").strip().split(" ")).contains("0"), "not in root's group");
    }

    @Test
    void should_keep_a_job_out_of_the_platform_data_dir_and_its_uploads_when_the_platform_runs_as_root() throws Exception {
        assumeTrue(isRoot(), "as the platform's own user a job could read what the platform can");
        Path upload = PLATFORM.dataDir().resolve("upload-secret.txt");
        Files.writeString(upload, "uploaded secret");
        JsonNode file = PLATFORM.api().upload(upload).json();
        Path stored = PLATFORM.dataDir().resolve("files").resolve(file.path("id").asText()).resolve("upload-secret.txt");
        assertTrue(Files.isRegularFile(stored), "the upload lies at " + stored);
        Path data = PLATFORM.dataDir().toAbsolutePath();
        String id = PLATFORM.api().runShell("snoop", "{ " + String.join("; ",
                "ls " + data + " > /dev/null 2>&1; echo list-data $?",
                "ls " + data.resolve("files") + " > /dev/null 2>&1; echo list-files $?",
                "cat " + stored + " > /dev/null 2>&1; echo read-upload $?",
                "ls " + data.resolve("uploads") + " > /dev/null 2>&1; echo list-uploads $?",
                "ls " + data.resolve("jobs") + " > /dev/null 2>&1; echo list-jobs $?",
                "touch " + data.resolve("planted") + " 2>/dev/null; echo write-data $?") + "; } > tries.txt", Map.of());
        String tries = PLATFORM.api().output(id, "tries.txt");
        for (String attempt : List.of("list-data", "list-files", "read-upload", "list-uploads", "list-jobs", "write-data")) {
            assertTrue(tries.contains(attempt + " ") && !tries.contains(attempt + " 0\n"), attempt + " must fail: " + tries);
        }
        assertFalse(Files.exists(data.resolve("planted")));
    }

    @Test
    void should_keep_a_job_out_of_another_job_s_work_dir_when_the_platform_runs_as_root() throws Exception {
        assumeTrue(isRoot(), "as the platform's own user every job is the same user");
        String first = PLATFORM.api().runShell("first", "echo first-job-secret > secret.txt", Map.of());
        Path work = PLATFORM.dataDir().resolve("jobs").resolve(first).resolve("work").toAbsolutePath();
        String second = PLATFORM.api().runShell("second", "{ " + String.join("; ",
                "cat " + work.resolve("secret.txt") + " 2>/dev/null; echo read-secret $?",
                "ls " + work + " > /dev/null 2>&1; echo list-work $?",
                "touch " + work.resolve("planted") + " 2>/dev/null; echo write-work $?") + "; } > tries.txt", Map.of());
        String tries = PLATFORM.api().output(second, "tries.txt");
        assertFalse(tries.contains("first-job-secret"), tries);
        for (String attempt : List.of("read-secret", "list-work", "write-work")) {
            assertTrue(tries.contains(attempt + " ") && !tries.contains(attempt + " 0\n"), attempt + " must fail: " + tries);
        }
        assertEquals("first-job-secret\n", PLATFORM.api().output(first, "secret.txt"), "the platform still serves it");
    }

    @Test
    void should_give_two_concurrent_jobs_different_users_that_cannot_reach_each_other_s_work_dir_when_the_platform_runs_as_root()
            throws Exception {
        assumeTrue(isRoot(), "not root: every job runs as the platform's user (README, Job isolation)");
        // The first holds its user while the second, running at the same time, tries its work dir.
        String first = PLATFORM.api().submitShell("holder", "echo holder-secret > secret.txt; id -u > uid.txt; sleep 8", Map.of(), "shell", null);
        PLATFORM.api().awaitStatus(first, "Executing");
        Path work = PLATFORM.dataDir().resolve("jobs").resolve(first).resolve("work").toAbsolutePath();
        String second = PLATFORM.api().runShell("prober", "id -u > uid.txt; { " + String.join("; ",
                "cat " + work.resolve("secret.txt") + " 2>/dev/null; echo read-secret $?",
                "ls " + work + " > /dev/null 2>&1; echo list-work $?",
                "touch " + work.resolve("planted") + " 2>/dev/null; echo write-work $?") + "; } > tries.txt", Map.of());
        assertEquals("Executing", PLATFORM.api().latest(first).path("status").asText(), "the two ran at the same time");
        PLATFORM.api().awaitStatus(first, "Completed");
        String tries = PLATFORM.api().output(second, "tries.txt");
        assertFalse(tries.contains("holder-secret"), tries);
        for (String attempt : List.of("read-secret", "list-work", "write-work")) {
            assertTrue(tries.contains(attempt + " ") && !tries.contains(attempt + " 0\n"), attempt + " must fail: " + tries);
        }
        assertNotEquals(PLATFORM.api().output(first, "uid.txt"), PLATFORM.api().output(second, "uid.txt"),
                "each running job has a uid of its own");
    }

    @Test
    void should_leave_no_process_of_a_job_behind_once_it_ended() throws Exception {
        // In the background and detached from the job's shell: no longer its descendant when it ends.
        String id = PLATFORM.api().runShell("detacher", "nohup sleep 1000 > /dev/null 2>&1 & echo $! > pid.txt", Map.of());
        assertGone(Long.parseLong(PLATFORM.api().output(id, "pid.txt").strip()));
    }

    @Test
    void should_leave_no_daemon_of_a_job_behind_once_it_ended_when_the_platform_runs_as_root() throws Exception {
        assumeTrue(isRoot(), "not root: a job that leaves its session is out of the platform's reach (README, Job isolation)");
        // A session of its own: only its uid tells it was the job's.
        String id = PLATFORM.api().runShell("daemon", "setsid sleep 1000 > /dev/null 2>&1 < /dev/null & echo $! > pid.txt", Map.of());
        assertGone(Long.parseLong(PLATFORM.api().output(id, "pid.txt").strip()));
    }

    private static void assertGone(long pid) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        assertFalse(alive, "process " + pid + " the job started is still running after the job ended");
    }

    @Test
    void should_still_run_the_bundled_sampler_in_a_clean_environment_as_the_job_user() throws Exception {
        JsonNode alloy = PLATFORM.api().upload(Path.of("examples/smc-scaling/alloy.txt")).json();
        String id = PLATFORM.api().run("smc", "smc-sample alloy.txt alloy.out 200 SMC --procs 1 --seed 1",
                Map.of(), "hpc-sweep-smc", alloy.path("id").asText());
        assertTrue(PLATFORM.api().output(id, "comp_time.log").startsWith("1 "), "the sampler wrote its time");
    }

    private static boolean isRoot() throws Exception {
        Process p = new ProcessBuilder("id", "-u").start();
        return new String(p.getInputStream().readAllBytes()).strip().equals("0");
    }

    private static Map<String, String> parseEnv(String text) {
        Map<String, String> env = new HashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return env;
    }
}
