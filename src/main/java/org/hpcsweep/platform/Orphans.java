package org.hpcsweep.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Job processes an earlier run of the platform left behind (it was killed, its jobs were not): each
 * running job's pid is kept beside its work dir while it runs. At start, those of jobs the platform
 * kept a record of are re-adopted (JobRecovery); every other one still alive is stopped with its
 * children: nothing would ever look at it again; it would hold cores and write into folders nobody reads.
 */
final class Orphans {
    static final String PID_FILE = "pid";
    private static final Logger LOG = LoggerFactory.getLogger(Orphans.class);

    private Orphans() {
    }

    /** Stops what the earlier runs left under {@code dataDir/jobs/}; returns how many processes. */
    static int stop(Path dataDir) {
        return stop(dataDir, java.util.Set.of());
    }

    /** As {@link #stop(Path)}, leaving alone the jobs named in {@code adopted}. */
    static int stop(Path dataDir, java.util.Set<String> adopted) {
        Path jobs = dataDir.resolve("jobs");
        if (!Files.isDirectory(jobs)) {
            return 0;
        }
        int stopped = 0;
        try (Stream<Path> dirs = Files.list(jobs)) {
            for (Path pidFile : dirs.filter(d -> !adopted.contains(d.getFileName().toString()))
                    .map(d -> d.resolve(PID_FILE)).filter(Files::isRegularFile).toList()) {
                stopped += stopOne(pidFile);
            }
        } catch (IOException e) {
            LOG.warn("could not look for job processes left in {}: {}", jobs, e.getMessage());
        }
        return stopped;
    }

    /**
     * The process a job dir's pid file names, if it still runs in that job's work dir: a pid can be
     * reused by anything else.
     */
    static java.util.Optional<ProcessHandle> alive(Path jobDir) {
        try {
            long pid = Long.parseLong(Files.readString(jobDir.resolve(PID_FILE)).strip());
            Path work = jobDir.resolve("work").toRealPath();
            java.util.Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
            return process.isPresent() && Path.of("/proc", Long.toString(pid), "cwd").toRealPath().startsWith(work)
                    ? process : java.util.Optional.empty();
        } catch (NumberFormatException | IOException gone) {
            return java.util.Optional.empty();
        }
    }

    private static int stopOne(Path pidFile) throws IOException {
        try {
            java.util.Optional<ProcessHandle> process = alive(pidFile.getParent());
            if (process.isPresent()) {
                JobProcess.killTree(process.get());
                LOG.warn("stopped job process {} in {}, left running by an earlier run of the platform", process.get().pid(),
                        pidFile.resolveSibling("work"));
                return 1;
            }
            return 0;
        } finally {
            Files.deleteIfExists(pidFile);
        }
    }
}
