package org.hpcsweep.platform;

import java.nio.file.Path;
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
 */
public record LocalPlatformSettings(String host, int port, Path dataDir, Set<String> apiKeys, int cores, String jobUser,
                                    boolean oversubscribe, String network) {
    public static final String HOST_NETWORK = "host";
    public static final String NO_NETWORK = "none";

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
