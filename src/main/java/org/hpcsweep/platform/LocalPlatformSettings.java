package org.hpcsweep.platform;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * How the embedded platform runs.
 *
 * @param host    address to bind; loopback unless you mean to share it
 * @param port    port to listen on; 0 takes any free port
 * @param dataDir where uploads and job work dirs go
 * @param apiKeys the keys accepted in {@code Authorization: Token <key>}
 * @param cores   cores the platform may hand out to jobs at once
 * @param jobUser the one user every job runs as when the platform runs as root; blank: a user of its own
 *                for each running job (JobUsers)
 * @param oversubscribe accept jobs asking for more cores than {@code cores} (they then share them)
 *                      instead of answering 400
 * @param network {@value #HOST_NETWORK}: jobs use this machine's network; {@value #NO_NETWORK}: each job
 *                has a network of its own with only a loopback (root only, {@code unshare --net})
 * @param jobsAtStop what a stop of the platform does to its running jobs: {@value #STOP_JOBS} kills them (they end
 *                   "The platform stopped while this job ran"); {@value #KEEP_JOBS} leaves them running, as a
 *                   cloud platform's jobs outlive its client, and the platform started next on this data dir
 *                   re-adopts them (JobRecovery)
 * @param keepCompleted how long a completed job (its record, work dir and outputs) is kept before the platform
 *                      deletes it as a {@code DELETE} would ({@link PlatformRetention}); null: until it is deleted,
 *                      as on Rescale
 */
public record LocalPlatformSettings(String host, int port, Path dataDir, Set<String> apiKeys, int cores, String jobUser,
                                    boolean oversubscribe, String network, String jobsAtStop, Duration keepCompleted) {
    public static final String HOST_NETWORK = "host";
    public static final String NO_NETWORK = "none";
    public static final String STOP_JOBS = "stop";
    public static final String KEEP_JOBS = "keep-running";

    public LocalPlatformSettings {
        if (cores < 1) {
            throw new IllegalArgumentException("the local platform needs at least one core, not " + cores);
        }
        if (apiKeys.isEmpty() || apiKeys.stream().anyMatch(k -> k == null || k.isBlank())) {
            throw new IllegalArgumentException("the local platform needs at least one non-blank API key");
        }
        apiKeys = Set.copyOf(apiKeys);
        jobUser = jobUser == null ? "" : jobUser.strip();
        network = network == null || network.isBlank() ? HOST_NETWORK : network.strip();
        if (!network.equals(HOST_NETWORK) && !network.equals(NO_NETWORK)) {
            throw new IllegalArgumentException("the local platform's network is '" + network + "'; use host or none");
        }
        jobsAtStop = jobsAtStop == null || jobsAtStop.isBlank() ? STOP_JOBS : jobsAtStop.strip();
        if (!jobsAtStop.equals(STOP_JOBS) && !jobsAtStop.equals(KEEP_JOBS)) {
            throw new IllegalArgumentException("what the local platform does to running jobs at a stop is '" + jobsAtStop
                    + "'; use stop or keep-running");
        }
        if (keepCompleted != null && (keepCompleted.isNegative() || keepCompleted.isZero())) {
            throw new IllegalArgumentException("the local platform keeps completed jobs for " + keepCompleted
                    + "; give a positive duration (e.g. P30D), or none to keep them until they are deleted");
        }
    }

    /** Completed jobs are kept until they are deleted. */
    public LocalPlatformSettings(String host, int port, Path dataDir, Set<String> apiKeys, int cores, String jobUser,
                                 boolean oversubscribe, String network, String jobsAtStop) {
        this(host, port, dataDir, apiKeys, cores, jobUser, oversubscribe, network, jobsAtStop, null);
    }

    /** Running jobs are stopped with the platform. */
    public LocalPlatformSettings(String host, int port, Path dataDir, Set<String> apiKeys, int cores, String jobUser,
                                 boolean oversubscribe, String network) {
        this(host, port, dataDir, apiKeys, cores, jobUser, oversubscribe, network, STOP_JOBS);
    }

    /** Jobs on this machine's network. */
    public LocalPlatformSettings(String host, int port, Path dataDir, Set<String> apiKeys, int cores, String jobUser,
                                 boolean oversubscribe) {
        this(host, port, dataDir, apiKeys, cores, jobUser, oversubscribe, HOST_NETWORK);
    }

    /** No oversubscription: a job asking for more cores than {@code cores} is refused. */
    public LocalPlatformSettings(String host, int port, Path dataDir, Set<String> apiKeys, int cores, String jobUser) {
        this(host, port, dataDir, apiKeys, cores, jobUser, false);
    }

    /** Jobs run as the default job user (when the platform runs as root). */
    public LocalPlatformSettings(String host, int port, Path dataDir, Set<String> apiKeys, int cores) {
        this(host, port, dataDir, apiKeys, cores, "", false);
    }

    /** Loopback, any free port, all of this machine's cores. */
    public static LocalPlatformSettings defaults(Path dataDir, String apiKey) {
        return new LocalPlatformSettings("127.0.0.1", 0, dataDir, Set.of(apiKey), Runtime.getRuntime().availableProcessors());
    }
}
