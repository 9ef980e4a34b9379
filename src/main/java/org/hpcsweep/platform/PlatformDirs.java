package org.hpcsweep.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's data dir, laid out so that a job running as another user can reach its own work
 * dir and nothing else: the data dir and {@code jobs/} are 711 (enter, never list), {@code files/}
 * and {@code uploads/} 700, {@code bin/} (the bundled software) 755; each job's dir is 711 and its
 * work dir the job user's. Ancestors of the data dir must let others enter (x, not r): those inside
 * the working directory or the temporary directory (the service's {@code data/}) are made so, and
 * unlistable by others; any other must already let others enter, or the platform does not start.
 */
final class PlatformDirs {
    static final String ENTER_ONLY = "rwx--x--x";
    static final String PRIVATE = "rwx------";
    private static final Logger LOG = LoggerFactory.getLogger(PlatformDirs.class);

    private PlatformDirs() {
    }

    /**
     * Lays out {@code dataDir} and returns the data dir to use: {@code dataDir} itself, or, when jobs
     * run as another user who could not reach it (a private ancestor such as /root, where a checkout of
     * root's own lives), a new folder under the temporary directory, said in the log. The platform's
     * data lasts as long as the platform, so where it lives changes nothing else.
     */
    static Path secure(Path dataDir, JobUsers user) throws IOException {
        Path data = dataDir.toAbsolutePath().normalize();
        if (user.isolated()) {
            Path blocking = blockingAncestor(data);
            if (blocking != null) {
                Path instead = Files.createTempDirectory("hpc-sweep-platform-");
                LOG.warn("jobs run as '{}' could not reach {} ({} does not let others enter it); the platform keeps its data in {} "
                        + "instead (set hpcsweep.platform.local.data-dir elsewhere, e.g. /var/lib/hpc-sweep/platform, to choose)",
                        user.describe(), data, blocking, instead);
                data = instead;
            }
        }
        layOut(data, user);
        return data;
    }

    /** An ancestor of {@code data} outside the working and temporary directories that does not let others enter, or null. */
    private static Path blockingAncestor(Path data) throws IOException {
        for (Path dir = data.getParent(); dir != null; dir = dir.getParent()) {
            if (!isOurs(dir) && Files.exists(dir) && !Files.getPosixFilePermissions(dir).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                return dir;
            }
        }
        return null;
    }

    private static boolean isOurs(Path dir) {
        Path cwd = Path.of("").toAbsolutePath().normalize();
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
        return (dir.startsWith(cwd) && !dir.equals(cwd)) || (dir.startsWith(tmp) && !dir.equals(tmp));
    }

    private static void layOut(Path data, JobUsers user) throws IOException {
        Files.createDirectories(data);
        mode(data, ENTER_ONLY);
        mode(Files.createDirectories(data.resolve("jobs")), ENTER_ONLY);
        mode(Files.createDirectories(data.resolve("files")), PRIVATE);
        mode(Files.createDirectories(data.resolve("uploads")), PRIVATE);
        if (user.isolated()) {
            openAncestors(data, user);
        }
    }

    /** A job's own dir: the platform's (it writes the job's log there), enterable so the job reaches work/. */
    static Path jobDir(Path dir) throws IOException {
        Files.createDirectories(dir);
        mode(dir, ENTER_ONLY);
        return dir;
    }

    private static void openAncestors(Path data, JobUsers user) throws IOException {
        Path cwd = Path.of("").toAbsolutePath().normalize();
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
        for (Path dir = data.getParent(); dir != null; dir = dir.getParent()) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
            boolean ours = (dir.startsWith(cwd) && !dir.equals(cwd)) || (dir.startsWith(tmp) && !dir.equals(tmp));
            if (!ours) {
                if (!perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    throw new IllegalStateException("jobs run as '" + user.describe() + "' cannot reach the platform's data dir " + data
                            + ": " + dir + " does not let others enter it (mode " + PosixFilePermissions.toString(perms)
                            + "). Use a data dir elsewhere (e.g. /var/lib/hpc-sweep/platform), or chmod o+x " + dir);
                }
                continue;
            }
            // Enter only: the job user can pass through to its work dir but not list what else is here.
            Set<PosixFilePermission> wanted = new java.util.HashSet<>(perms);
            wanted.add(PosixFilePermission.OTHERS_EXECUTE);
            wanted.remove(PosixFilePermission.OTHERS_READ);
            wanted.remove(PosixFilePermission.OTHERS_WRITE);
            if (!wanted.equals(perms)) {
                Files.setPosixFilePermissions(dir, wanted);
                LOG.info("{} made enterable, not listable, by others, so that jobs run as '{}' reach their work dirs", dir, user.describe());
            }
        }
    }

    private static void mode(Path dir, String mode) throws IOException {
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(mode));
        } catch (UnsupportedOperationException notPosix) {
            // no modes on this file system; jobs run as the platform's user there anyway
        }
    }
}
