package org.hpcsweep.platform;

import java.nio.file.Path;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/**
 * The embedded Rescale-compatible platform: a Camel context of its own with a Vert.x HTTP server on
 * its own port, serving the v2 API of routes/platform/ (10-files.yaml, 20-jobs.yaml) and running the jobs on
 * this machine. The client side never uses this class: it talks to {@link #baseUrl()} over HTTP as
 * it would to Rescale.
 */
public final class LocalPlatform implements AutoCloseable {
    private final CamelContext context;
    private final URI baseUrl;
    private final PlatformCounters counters;
    private final PlatformJobsApi api;
    private final JobRunner runner;
    private final ExecutorService executor;
    /** A data dir the platform made for itself in the temporary directory (see PlatformDirs), deleted at close; else null. */
    private final Path ownDataDir;

    private final JobRecords records;
    private final JobUsers users;

    private LocalPlatform(CamelContext context, URI baseUrl, PlatformCounters counters, PlatformJobsApi api, JobRunner runner,
                          ExecutorService executor, JobRecords records, JobUsers users, Path ownDataDir) {
        this.records = records;
        this.users = users;
        this.ownDataDir = ownDataDir;
        this.context = context;
        this.baseUrl = baseUrl;
        this.counters = counters;
        this.api = api;
        this.runner = runner;
        this.executor = executor;
    }

    public static LocalPlatform start(LocalPlatformSettings settings) throws Exception {
        int port = settings.port() == 0 ? freePort(settings.host()) : settings.port();
        String baseUrl = "http://" + settings.host() + ":" + port;
        JobUsers jobUsers = JobUsers.resolve(settings.jobUser());
        List<String> network = LocalPlatformSettings.NO_NETWORK.equals(settings.network()) ? JobProcess.ownNetwork() : List.of();
        Path dataDir = PlatformDirs.secure(settings.dataDir(), jobUsers);
        CamelContext context = new DefaultCamelContext();
        context.getGlobalOptions().put("CamelJacksonEnableTypeConverter", "false");
        Ids ids = new Ids();
        JobRecords records = new JobRecords(dataDir);
        FileStore files = new FileStore(dataDir.resolve("files"), ids, records);
        SoftwareCatalogue software = new SoftwareCatalogue(dataDir);
        Path ownDataDir = dataDir.equals(settings.dataDir().toAbsolutePath().normalize()) ? null : dataDir;
        // A data dir of its own is deleted at close: no platform would ever find the jobs left running in it.
        boolean keepJobs = LocalPlatformSettings.KEEP_JOBS.equals(settings.jobsAtStop()) && ownDataDir == null;
        JobRunner runner = new JobRunner(files, software, jobUsers, network, keepJobs);
        // Jobs wait for their process in threads of their own (the scheduler caps how many run at once);
        // uploads take their MD5 on one of them while the bytes arrive (UploadReceiver).
        ExecutorService executor = context.getExecutorServiceManager().newCachedThreadPool(context, "local-platform-jobs");
        LocalScheduler scheduler = new LocalScheduler(settings.cores(), runner, executor);
        PlatformCounters counters = new PlatformCounters();
        PlatformAnswers answers = new PlatformAnswers(settings.apiKeys(), counters);
        PlatformJobsApi api = new PlatformJobsApi(settings, dataDir, baseUrl, files, ids, scheduler, runner, software,
                new CoreTypes(settings.cores()), counters, answers, records);
        context.getRegistry().bind("localPlatformJobs", api);
        context.getRegistry().bind("localPlatformFiles", new PlatformFilesApi(baseUrl, files, counters,
                new UploadReceiver(dataDir.resolve("uploads"), executor), answers));
        // Before the first call: the jobs and files an earlier run on this data dir kept; what it left running and kept no record of is stopped.
        Orphans.stop(dataDir, JobRecovery.recover(records, files, ids, api, scheduler, runner));

        MainHttpServer server = new MainHttpServer();
        server.setCamelContext(context);
        server.setHost(settings.host());
        server.setPort(port);
        context.addService(server);
        PluginHelper.getRoutesLoader(context).loadRoutes(
                ResourceHelper.resolveMandatoryResource(context, "classpath:routes/platform/10-files.yaml"),
                ResourceHelper.resolveMandatoryResource(context, "classpath:routes/platform/20-jobs.yaml"));
        if (settings.keepCompleted() != null) {
            PlatformRetention retention = new PlatformRetention(api, settings.keepCompleted(), java.time.Clock.systemUTC());
            context.getRegistry().bind("localPlatformRetention", retention);
            context.getPropertiesComponent().addInitialProperty("platform.retention.period-millis",
                    Long.toString(retention.periodMillis()));
            PluginHelper.getRoutesLoader(context).loadRoutes(
                    ResourceHelper.resolveMandatoryResource(context, "classpath:routes/platform/30-retention.yaml"));
        }
        context.start();
        return new LocalPlatform(context, URI.create(baseUrl), counters, api, runner, executor, records, jobUsers, ownDataDir);
    }

    private static int freePort(String host) throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName(host))) {
            return socket.getLocalPort();
        }
    }

    public URI baseUrl() {
        return baseUrl;
    }

    public PlatformCounters counters() {
        return counters;
    }

    /** The most cores the platform ever had busy at once. */
    public int peakBusyCores() {
        return api.peakBusyCores();
    }

    /**
     * Stops the platform: running jobs are killed and end "stopped by the platform" or, with
     * {@code jobsAtStop} {@value LocalPlatformSettings#KEEP_JOBS}, left running for the platform started
     * next on this data dir to re-adopt; queued jobs stay queued, and every record is written, so that a
     * platform started on this data dir goes on from here.
     */
    @Override
    public void close() {
        if (runner.platformStops()) {
            // Interrupted, the jobs' threads stop waiting for their processes and leave them be (before the
            // context's stop, which would wait for its pools' tasks, i.e. for the jobs to end).
            executor.shutdownNow();
        }
        context.stop();
        executor.shutdown();
        try {
            // The jobs' threads end them (status, outputs) once their processes are gone.
            if (!executor.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
        users.giveBackAll();
        records.close();
        if (ownDataDir != null) {
            deleteTree(ownDataDir);
        }
    }

    private static void deleteTree(Path root) {
        try {
            org.apache.commons.io.file.PathUtils.deleteDirectory(root);
        } catch (IOException e) {
            // what is left is in the temporary directory, which the system clears
        }
    }
}
