package org.hpcsweep.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.hpcsweep.platform.LocalPlatform;
import org.hpcsweep.platform.LocalPlatformSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hpc-sweep platform}: the Rescale-compatible local platform alone, for any Rescale client. */
@Command(name = "platform", description = {"Run the Rescale-compatible local platform alone, until Ctrl-C.",
        "Clients use http://HOST:PORT with 'Authorization: Token <key>'; the key is RESCALE_API_KEY, the --api-key-file,",
        "or else a new one written to DATA-DIR/api-key."})
public final class PlatformCommand implements Callable<Integer> {

    @Option(names = "--port", description = "Port (default: ${DEFAULT-VALUE}).", defaultValue = "8780")
    int port;

    @Option(names = "--host", description = "Address to bind (default: ${DEFAULT-VALUE}).", defaultValue = "127.0.0.1")
    String host;

    @Option(names = "--data-dir", description = "Uploads and job work dirs (default: ${DEFAULT-VALUE}).", defaultValue = "data/platform")
    Path dataDir;

    @Option(names = "--cores", description = "Cores jobs may use (default: all of this machine's).")
    Integer cores;

    @Option(names = "--job-user", description = "When run as root, the one unprivileged user every job runs as (default: none, "
            + "each running job gets a user of its own, hpcsweep-job-0, -1, ..., created if absent).", defaultValue = "")
    String jobUser;

    @Option(names = "--network", description = "host: jobs use this machine's network; none: each job has a network of its "
            + "own with only a loopback (needs root and unshare) (default: ${DEFAULT-VALUE}).", defaultValue = "host")
    String network;

    @Option(names = "--keep-jobs-at-stop", description = "At Ctrl-C, leave running jobs running; the platform started next on "
            + "this data dir re-adopts them (default: they are stopped).")
    boolean keepJobs;

    @Option(names = "--oversubscribe", description = "Accept jobs asking for more cores than --cores (they share the cores there "
            + "are) instead of refusing them with a 400.")
    boolean oversubscribe;

    @Option(names = "--keep-completed", description = "Delete each completed job (record, work dir, outputs) this long after it "
            + "completed, as a DELETE would; an ISO-8601 duration, e.g. P30D (default: completed jobs are kept until deleted, as on "
            + "Rescale).")
    java.time.Duration keepCompleted;

    @Option(names = "--api-key-file", description = "File holding the API key clients must send.")
    Path apiKeyFile;

    @Override
    public Integer call() throws Exception {
        java.util.Optional<String> busy = Ports.unusable(host, port, "--port");
        if (busy.isPresent()) {
            System.err.println("hpc-sweep platform: " + busy.get());
            return 1;
        }
        String key = System.getenv("RESCALE_API_KEY");
        String keySource = "the environment variable RESCALE_API_KEY";
        boolean newKey = false;
        if (apiKeyFile != null) {
            key = Files.readString(apiKeyFile, StandardCharsets.UTF_8).strip();
            keySource = apiKeyFile.toString();
        } else if (key == null || key.isBlank()) {
            byte[] secret = new byte[20];
            new SecureRandom().nextBytes(secret);
            key = HexFormat.of().formatHex(secret);
            newKey = true;
        }
        // Checked before anything is written: a refused option leaves no key file behind.
        LocalPlatformSettings settings = new LocalPlatformSettings(host, port, dataDir.toAbsolutePath(), Set.of(key),
                cores != null ? cores : Runtime.getRuntime().availableProcessors(), jobUser, oversubscribe, network,
                keepJobs ? LocalPlatformSettings.KEEP_JOBS : LocalPlatformSettings.STOP_JOBS, keepCompleted);
        if (newKey) {
            keySource = writeKey(key).toAbsolutePath().toString();
        }
        LocalPlatform platform = LocalPlatform.start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            platform.close();
            stopped.countDown();
        }));
        System.out.println("hpc-sweep local platform on " + platform.baseUrl() + " (Rescale API v2 under /api/v2/); API key in "
                + keySource + ". Ctrl-C stops.");
        stopped.await();
        return 0;
    }

    /** DATA-DIR/api-key, readable by its owner only from the start. */
    private Path writeKey(String key) throws java.io.IOException {
        Path file = Files.createDirectories(dataDir).resolve("api-key");
        org.hpcsweep.service.PrivateFiles.writeSecret(file, key);
        return file;
    }
}
