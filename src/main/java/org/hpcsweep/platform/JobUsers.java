package org.hpcsweep.platform;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users jobs run as. A platform running as root gives each running job a user of its own from a
 * pool, {@value #POOL}0, {@value #POOL}1, ... (created with {@code useradd --system} when absent): its
 * work dir is that user's and 700, so no other running job can read or write it, and when the job
 * ends every process still owned by that user (detached, daemonized) is killed before the user runs
 * another job. A platform holds the users it took, with a lock file each in {@value #LOCKS}, until it
 * stops, so that two platforms on one machine never share one; it holds as many as jobs ever ran at
 * once on it (at most its cores, one core per job at least).
 *
 * <p>A configured user ({@code hpcsweep.platform.local.job-user}) is shared by every job, as is the
 * platform's own user when it is not root: jobs then cannot be told apart by uid, and only a job's
 * own process group is killed at its end (JobRunner).
 */
final class JobUsers {
    static final String POOL = "hpcsweep-job-";
    static final String LOCKS = "/run/hpc-sweep/job-users";
    /** Far more than any machine's cores: a bound on the users a runaway could create. */
    private static final int MAX_POOL = 1024;
    private static final Logger LOG = LoggerFactory.getLogger(JobUsers.class);
    /** Pool users resolved once (each takes a few short commands). */
    private static final Map<String, JobUser> RESOLVED = new ConcurrentHashMap<>();
    /** Pool users some platform of this JVM holds (a file lock is per process, not per platform). */
    private static final Set<String> HELD_HERE = ConcurrentHashMap.newKeySet();

    /** Every job's user when they share one; null for a pool. */
    private final JobUser shared;
    private final String setpriv;
    private final Map<String, FileChannel> held = new ConcurrentHashMap<>();
    /** Users this platform holds that no job runs as, nothing left running as them: the next jobs' first. */
    private final java.util.Deque<JobUser> idle = new java.util.concurrent.ConcurrentLinkedDeque<>();

    private JobUsers(JobUser shared, String setpriv) {
        this.shared = shared;
        this.setpriv = setpriv;
    }

    /** {@code configured} blank: a pool when the platform is root; else that one user for every job. */
    static JobUsers resolve(String configured) throws IOException, InterruptedException {
        if (!JobUser.platformIsRoot() || (configured != null && !configured.isBlank())) {
            return new JobUsers(JobUser.resolve(configured), null);
        }
        String setpriv = JobUser.setpriv();
        if (setpriv == null) {
            throw new IllegalStateException("the local platform runs as root and would run jobs as other users, but setpriv "
                    + "(util-linux) is not installed; install util-linux (.ci/job-user.sh does)");
        }
        Path locks = Files.createDirectories(Path.of(LOCKS));
        Files.setPosixFilePermissions(locks, PosixFilePermissions.fromString(PlatformDirs.PRIVATE));
        return new JobUsers(null, setpriv);
    }

    /** True when jobs run as users other than the platform's. */
    boolean isolated() {
        return shared == null || shared.isolated();
    }

    /** Who jobs run as, for messages. */
    String describe() {
        return shared != null ? shared.name() : POOL + "N";
    }

    /** Whether each running job has a uid of its own. */
    boolean perJob() {
        return shared == null;
    }

    /**
     * A user for the job in {@code jobDir}: {@code wanted} if named (the user a job that ran before a
     * restart had), else the first free one. Nothing a dead job left is still running as it, and no job
     * left running by a platform that stopped or died (its lease names it, its wrapper still runs) runs
     * as it: that job is the next platform's to re-adopt.
     */
    JobUser take(String wanted, Path jobDir) throws IOException, InterruptedException {
        if (shared != null) {
            return shared;
        }
        JobUser user = null;
        if (wanted != null && wanted.startsWith(POOL) && hold(wanted)) {
            user = RESOLVED.get(wanted);
        }
        if (user == null) {
            user = idle.pollFirst();
        }
        for (int i = 0; user == null && i < MAX_POOL; i++) {
            String name = POOL + i;
            if (hold(name)) {
                if (leftRunning(name)) {
                    release(name);
                    continue;
                }
                user = RESOLVED.get(name);
                // Held by no one until now: what still runs as it is a dead platform's job that nobody re-adopted.
                user.killAll();
            }
        }
        if (user == null) {
            throw new IllegalStateException("no free job user among " + POOL + "0.." + (MAX_POOL - 1));
        }
        Files.writeString(lease(user.name()), jobDir.toAbsolutePath().toString());
        return user;
    }

    /**
     * Beside each pool user's lock while a job runs as it: the job's dir. The lock goes with the platform
     * that held it; the lease stays while the job's wrapper runs, so that a job left running (at a stop
     * that keeps jobs, or after a crash) keeps its user until a platform re-adopts it. Empty: no job.
     */
    private static Path lease(String name) {
        return Path.of(LOCKS, name + ".job");
    }

    /** Whether a job a platform no longer holds still runs as this user (its lease names a job dir whose wrapper is alive). */
    private static boolean leftRunning(String name) {
        try {
            String jobDir = Files.readString(lease(name)).strip();
            return !jobDir.isEmpty() && Orphans.alive(Path.of(jobDir)).isPresent();
        } catch (IOException | java.nio.file.InvalidPathException noLease) {
            return false;
        }
    }

    /**
     * A job ended: whatever still runs as its user is killed (unless its wrapper {@code swept} it already),
     * then the user is free for this platform's
     * next job (it keeps holding it: no one else can have left anything running as it meanwhile).
     */
    void giveBack(JobUser user, boolean swept) {
        if (shared != null) {
            return;
        }
        int killed = swept ? 0 : user.killAll();
        if (killed > 0) {
            LOG.info("killed {} process(es) a job left running as {}", killed, user.name());
        }
        try {
            // Emptied, not deleted: the next job of this user writes the same file (a file made and removed per job
            // is an inode allocated and freed per job; on this journal-less ext4 each allocation scans past the inodes
            // freed in the last 30 s, bench/ANALYSIS.md).
            if (Files.exists(lease(user.name()))) {
                Files.write(lease(user.name()), new byte[0]);
            }
        } catch (IOException e) {
            LOG.warn("lease of {} not removed (the next platform checks it against the job's process): {}", user.name(), e.getMessage());
        }
        idle.addFirst(user);
    }

    /** The platform stops: every user it holds is free for any platform. */
    void giveBackAll() {
        idle.clear();
        for (String name : Set.copyOf(held.keySet())) {
            release(name);
        }
    }

    private void release(String name) {
        FileChannel lock = held.remove(name);
        HELD_HERE.remove(name);
        if (lock != null) {
            try {
                lock.close();
            } catch (IOException e) {
                LOG.warn("lock of {} not released: {}", name, e.getMessage());
            }
        }
    }

    private boolean hold(String name) throws IOException, InterruptedException {
        if (!HELD_HERE.add(name)) {
            return false;
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(Path.of(LOCKS, name + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                HELD_HERE.remove(name);
                return false;
            }
            if (!RESOLVED.containsKey(name)) {
                JobUser.ensureExists(name);
                RESOLVED.put(name, JobUser.existing(name, setpriv));
            }
            held.put(name, channel);
            return true;
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            HELD_HERE.remove(name);
            if (e instanceof OverlappingFileLockException) {
                return false;
            }
            throw e;
        }
    }
}
