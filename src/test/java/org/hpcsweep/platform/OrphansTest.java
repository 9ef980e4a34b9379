package org.hpcsweep.platform;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A platform started on the data dir of one that died stops the job processes the dead one left running. */
class OrphansTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(30)
    void should_stop_a_job_process_left_running_by_an_earlier_platform_and_nothing_else() throws Exception {
        Path data = dir.resolve("platform");
        Path work = Files.createDirectories(data.resolve("jobs/Abc123/work"));
        // As the dead platform left it: a job's process in its work dir, its pid beside it.
        Process orphan = new ProcessBuilder("sleep", "300").directory(work.toFile()).start();
        Files.writeString(data.resolve("jobs/Abc123").resolve(Orphans.PID_FILE), Long.toString(orphan.pid()));
        // A process elsewhere whose pid a stale file names: not a job's, left alone.
        Path other = Files.createDirectories(dir.resolve("elsewhere"));
        Process bystander = new ProcessBuilder("sleep", "300").directory(other.toFile()).start();
        Path stale = Files.createDirectories(data.resolve("jobs/Def456/work")).resolveSibling(Orphans.PID_FILE);
        Files.writeString(stale, Long.toString(bystander.pid()));
        try (LocalPlatform platform = LocalPlatform.start(new LocalPlatformSettings("127.0.0.1", 0, data, Set.of("k"), 1))) {
            assertTrue(orphan.waitFor(10, TimeUnit.SECONDS), "the orphan was stopped");
            assertTrue(bystander.isAlive(), "a process outside the job's work dir is not touched");
            assertFalse(Files.exists(stale), "stale pid files are cleared");
        } finally {
            orphan.destroyForcibly();
            bystander.destroyForcibly();
        }
    }
}
