package org.hpcsweep.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A user a job runs as. A platform running as root switches to it with util-linux's {@code setpriv}
 * after it has changed into the job's work dir, with no supplementary groups and no way back to root
 * (no_new_privs); which user a job gets is {@link JobUsers}'s choice. A platform not running as root
 * cannot switch users: its jobs run as its own user ({@link #isolated()} is false).
 */
final class JobUser {
    private static final Logger LOG = LoggerFactory.getLogger(JobUser.class);

    private final String name;
    private final long uid;
    private final long gid;
    private final UserPrincipal owner;
    private final GroupPrincipal group;
    private final String setpriv;

    private JobUser(String name, long uid, long gid, UserPrincipal owner, GroupPrincipal group, String setpriv) {
        this.name = name;
        this.uid = uid;
        this.gid = gid;
        this.owner = owner;
        this.group = group;
        this.setpriv = setpriv;
    }

    /** The one user every job of a platform started by the current process runs as: {@code configured}, or its own when not root. */
    static JobUser resolve(String configured) throws IOException, InterruptedException {
        if (!"0".equals(run("id", "-u"))) {
            return new JobUser(System.getProperty("user.name"), -1, -1, null, null, null);
        }
        String wanted = configured.strip();
        String setpriv = onPath("setpriv");
        if (setpriv == null) {
            throw new IllegalStateException("the local platform runs as root and would run jobs as '" + wanted
                    + "', but setpriv (util-linux) is not installed; install util-linux (.ci/job-user.sh does)");
        }
        if (run("id", "-u", wanted) == null) {
            throw new IllegalStateException("hpcsweep.platform.local.job-user '" + wanted + "' does not exist on this machine");
        }
        long uid = Long.parseLong(run("id", "-u", wanted));
        if (uid == 0) {
            LOG.warn("jobs run as '{}', which is root: they are not isolated from the platform", wanted);
        }
        long gid = Long.parseLong(run("id", "-g", wanted));
        UserPrincipalLookupService lookup = Path.of("/").getFileSystem().getUserPrincipalLookupService();
        return new JobUser(wanted, uid, gid, lookup.lookupPrincipalByName(wanted),
                lookup.lookupPrincipalByGroupName(run("id", "-gn", wanted)), setpriv);
    }

    private static void create(String user) throws IOException, InterruptedException {
        // A system user with no home and no login shell: it exists only to own running jobs.
        String out = run("useradd", "--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent",
                "--shell", "/usr/sbin/nologin", user);
        // Another platform on this machine may have created it at the same moment.
        if (out == null && run("id", "-u", user) == null) {
            throw new IllegalStateException("could not create the job user '" + user + "' with useradd; create it (.ci/job-user.sh "
                    + "does), or set hpcsweep.platform.local.job-user to an existing unprivileged user");
        }
        LOG.info("created the system user '{}' that the local platform runs jobs as", user);
    }

    /** Resolves an existing user, switched to with {@code setpriv}. */
    static JobUser existing(String name, String setpriv) throws IOException, InterruptedException {
        long uid = Long.parseLong(run("id", "-u", name));
        long gid = Long.parseLong(run("id", "-g", name));
        UserPrincipalLookupService lookup = Path.of("/").getFileSystem().getUserPrincipalLookupService();
        return new JobUser(name, uid, gid, lookup.lookupPrincipalByName(name),
                lookup.lookupPrincipalByGroupName(run("id", "-gn", name)), setpriv);
    }

    /** Creates {@code name} as a system user unless it exists. */
    static void ensureExists(String name) throws IOException, InterruptedException {
        if (run("id", "-u", name) == null) {
            create(name);
        }
    }

    static String setpriv() {
        return onPath("setpriv");
    }

    /** Where a program is, or null. */
    static String program(String name) {
        return onPath(name);
    }

    static boolean platformIsRoot() throws IOException, InterruptedException {
        return "0".equals(run("id", "-u"));
    }

    /**
     * Kills every process this user still has (a job's detached or daemonized children, whatever
     * session they made), looking through /proc until none is left. Only for a user that one job
     * holds at a time (JobUsers): the processes are that job's.
     */
    int killAll() {
        if (!isolated()) {
            return 0;
        }
        int killed = 0;
        for (int round = 0; round < 20; round++) {
            List<ProcessHandle> left = new ArrayList<>();
            try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
                for (Path p : procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                    try {
                        Object owner = Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
                        if (owner instanceof Integer u && u == uid && !zombie(p)) {
                            ProcessHandle.of(Long.parseLong(p.getFileName().toString())).ifPresent(left::add);
                        }
                    } catch (IOException | UnsupportedOperationException gone) {
                        // ended meanwhile
                    }
                }
            } catch (IOException e) {
                LOG.warn("cannot look for processes of {}: {}", name, e.getMessage());
                return killed;
            }
            if (left.isEmpty()) {
                return killed;
            }
            left.forEach(ProcessHandle::destroyForcibly);
            killed += left.size();
            try {
                Thread.sleep(round == 0 ? 1 : 20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return killed;
            }
        }
        LOG.warn("processes of {} are still there after killing them 20 times", name);
        return killed;
    }

    /** A process that ended and waits for its parent to reap it: nothing left to kill. */
    private static boolean zombie(Path proc) throws IOException {
        String stat = Files.readString(proc.resolve("stat"));
        int end = stat.lastIndexOf(')');
        return end > 0 && stat.length() > end + 2 && stat.charAt(end + 2) == 'Z';
    }

    /** True when jobs run as a user of their own, not as the platform's. */
    boolean isolated() {
        return setpriv != null && uid != 0;
    }

    String name() {
        return name;
    }

    long uid() {
        return uid;
    }

    long gid() {
        return gid;
    }

    String setprivPath() {
        return setpriv;
    }

    /** The command line that runs {@code shellCommand} with bash as this user (the caller sets the work dir). */
    List<String> command(String shellCommand) {
        List<String> command = new ArrayList<>();
        if (setpriv != null) {
            command.addAll(List.of(setpriv, "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--no-new-privs", "--"));
        }
        command.addAll(List.of("bash", "-c", shellCommand));
        return command;
    }

    /** Gives the job its staged work dir: everything in it owned by this user, the dir itself 700. */
    void handOver(Path work) throws IOException {
        if (!isolated()) {
            return;
        }
        try (Stream<Path> all = Files.walk(work)) {
            for (Path p : all.toList()) {
                // Never through a link: staging wrote plain files, and the owner of a link's target must not change.
                PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
                view.setOwner(owner);
                view.setGroup(group);
            }
        }
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwx------"));
    }

    /**
     * Takes the work dir back once the job ended: owned by the platform again and 700, so that later
     * jobs (the same user) cannot enter it; the platform still serves its outputs.
     */
    void takeBack(Path work) throws IOException {
        if (!isolated() || !Files.isDirectory(work, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        PosixFileAttributeView view = Files.getFileAttributeView(work, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        UserPrincipalLookupService lookup = work.getFileSystem().getUserPrincipalLookupService();
        view.setOwner(lookup.lookupPrincipalByName("root"));
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwx------"));
    }

    private static String onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return dir + "/" + program;
            }
        }
        return null;
    }

    /** A short command's trimmed output, or null if it failed. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return p.waitFor() == 0 ? out : null;
    }
}
