package org.hpcsweep.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Job processes an earlier run of the platform left behind (it was killed, its jobs were not): each
 * running job's pid is kept beside its work dir while it runs, and at start every process still alive
 * there is stopped with its children. The platform keeps its jobs in memory, so nothing would ever
 * look at them again; they would hold cores and write into folders nobody reads.
 */
final class Orphans {
    static final String PID_FILE = "pid";
    private static final Logger LOG = LoggerFactory.getLogger(Orphans.class);

    private Orphans() {
    }

    /** Stops what the earlier runs left under {@code dataDir/jobs/}; returns how many processes. */
    static int stop(Path dataDir) {
        Path jobs = dataDir.resolve("jobs");
        if (!Files.isDirectory(jobs)) {
            return 0;
        }
        int stopped = 0;
        try (Stream<Path> dirs = Files.list(jobs)) {
            for (Path pidFile : dirs.map(d -> d.resolve(PID_FILE)).filter(Files::isRegularFile).toList()) {
                stopped += stopOne(pidFile);
            }
        } catch (IOException e) {
            LOG.warn("could not look for job processes left in {}: {}", jobs, e.getMessage());
        }
        return stopped;
    }

    private static int stopOne(Path pidFile) throws IOException {
        try {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            Path work = pidFile.resolveSibling("work").toRealPath();
            // Only a process still working in that job's work dir: a pid can be reused by anything else.
            boolean ours = ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent()
                    && Path.of("/proc", Long.toString(pid), "cwd").toRealPath().startsWith(work);
            if (ours) {
                ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                LOG.warn("stopped job process {} in {}, left running by an earlier run of the platform", pid, work);
                return 1;
            }
            return 0;
        } catch (NumberFormatException | IOException | java.util.NoSuchElementException gone) {
            return 0;
        } finally {
            Files.deleteIfExists(pidFile);
        }
    }
}
