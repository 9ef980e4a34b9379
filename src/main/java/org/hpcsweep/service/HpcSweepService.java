package org.hpcsweep.service;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.ProducerTemplate;
import javax.sql.DataSource;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.main.Main;
import java.util.List;
import org.hpcsweep.api.StudyApi;
import org.hpcsweep.api.TokenGate;
import org.hpcsweep.engine.StepErrors;
import org.hpcsweep.operations.ErrorsAsFailures;
import org.hpcsweep.operations.PlatformBreaker;
import org.hpcsweep.operations.RoutesCheck;
import org.hpcsweep.operations.PlatformCallMetrics;
import org.hpcsweep.operations.ReadinessCheck;
import org.hpcsweep.operations.ServiceGauges;
import org.hpcsweep.report.StudyTrend;
import org.hpcsweep.rescale.RetryAfter;
import org.hpcsweep.flow.FlowBeans;
import org.hpcsweep.flow.FlowSettings;
import org.hpcsweep.study.StoredRuns;
import org.hpcsweep.study.StudyFolders;
import org.hpcsweep.study.StudyRun;
import org.hpcsweep.study.StudyStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * hpc-sweep as a running service: Camel main with the routes of {@code routes/} and the beans they
 * call, talking to the configured platform (starting the embedded local one when the URL is
 * {@code local}). The one-shot command, the long-running service and the tests all start it here.
 */
public final class HpcSweepService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("hpcsweep.service");

    private final Main main;
    private final EngineConnection engine;
    private final FlowBeans flow;
    private final String platformUrl;
    private final DataSource dataSource;
    private final StudyStore store;
    private boolean closed;
    private final PlatformBreaker breaker;
    private ServiceLock lock;
    private DatabaseLease lease;

    private HpcSweepService(Main main, EngineConnection engine, FlowBeans flow, String platformUrl, DataSource dataSource,
                            StudyStore store, PlatformBreaker breaker) {
        this.store = store;
        this.breaker = breaker;
        this.main = main;
        this.engine = engine;
        this.flow = flow;
        this.platformUrl = platformUrl;
        this.dataSource = dataSource;
    }

    /** Every run the database holds as unfinished goes on from where it stopped (routes/flow/80-resume.yaml). */
    private void resumeUnfinished() {
        ProducerTemplate template = main.getCamelContext().createProducerTemplate();
        for (StudyRun run : flow.resume().unfinished()) {
            try {
                template.sendBody("direct:resume-study", run);
            } catch (Exception e) {
                LOG.error("study {}: could not be resumed: {}", run, e.getMessage());
            }
        }
    }

    /** hpcsweep.place.settle-millis, by default twice the response timeout: a request given up on may land that late. */
    private static long settleMillis(ServiceSettings settings) {
        String set = settings.get("hpcsweep.place.settle-millis");
        return set == null || set.isBlank() ? 2 * settings.getLong("hpcsweep.http.response-timeout") : Long.parseLong(set.strip());
    }

    /** Starts the service, refusing to when another one holds its state (see {@link ServiceLock}). */
    public static HpcSweepService start(ServiceSettings settings) throws Exception {
        ServiceLock lock = ServiceLock.take(ServiceLock.fileFor(settings));
        DatabaseLease lease = null;
        try {
            lease = DatabaseLease.take(settings.get("hpcsweep.db.url"), settings.get("hpcsweep.db.user"), settings.get("hpcsweep.db.password"));
            HpcSweepService service = startLocked(settings);
            service.lock = lock;
            service.lease = lease;
            return service;
        } catch (Exception | Error e) {
            if (lease != null) {
                lease.close();
            }
            lock.close();
            throw e;
        }
    }

    private static HpcSweepService startLocked(ServiceSettings settings) throws Exception {
        PrivateFiles.directory(settings.getPath("hpcsweep.inputs"));
        if (settings.isLocalPlatform()) {
            PrivateFiles.directory(settings.getPath("hpcsweep.platform.local.data-dir"));
        }
        EngineConnection engine = EngineConnection.open(settings);
        String url = engine.url();
        PlatformBreaker breaker = new PlatformBreaker(url, (int) settings.getLong("hpcsweep.breaker.failures-in-a-row"),
                Duration.ofSeconds(settings.getLong("hpcsweep.breaker.open-seconds")), engine.mask());
        StepErrors errors = new StepErrors(engine.errors(), engine.mask(), (int) settings.getLong("hpcsweep.retry.max-retries"));
        DataSource dataSource = Database.open(settings.get("hpcsweep.db.url"), settings.get("hpcsweep.db.user"),
                settings.get("hpcsweep.db.password"));
        StudyStore store = new StudyStore(dataSource);
        StoredRuns storedRuns = new StoredRuns(dataSource);
        // The embedded platform's URL names a free port, new at every start; its jobs run on this machine
        // every time, so its earlier run times are this start's to expect.
        String scope = engine.embedded() != null ? FlowSettings.EMBEDDED_SCOPE : url;
        FlowBeans flow = new FlowBeans(store, storedRuns, errors,
                new StudyTrend(storedRuns::timesByRun, Double.parseDouble(settings.get("hpcsweep.regression.fraction"))),
                new FlowSettings(settings.getPath("hpcsweep.inputs"), settings.getPath("hpcsweep.output"), url, scope,
                        settings.getLong("hpcsweep.poll.min-interval-millis"), settings.getLong("hpcsweep.poll.max-interval-millis"),
                        Double.parseDouble(settings.get("hpcsweep.poll.look-fraction")), settleMillis(settings), settings.getLong("hpcsweep.poll.lost-after-millis"), System::currentTimeMillis,
                        settings.getLong("hpcsweep.study.max-jobs"), engine.name()));

        Main main = new Main();
        StudyApi api = null;
        TokenGate gate = null;
        boolean operated = Boolean.parseBoolean(settings.get("hpcsweep.api.enabled"));
        if (operated) {
            // Health and metrics on their own port (camel.management.*), like any Camel service.
            settings.set("camel.management.enabled", "true");
            settings.set("camel.management.host", settings.get("hpcsweep.management.host"));
            settings.set("camel.management.port", settings.get("hpcsweep.management.port"));
            settings.set("camel.management.healthCheckEnabled", "true");
            settings.set("camel.management.metricsEnabled", "true");
            settings.set("camel.metrics.enabled", "true");
            settings.set("camel.health.enabled", "true");
            settings.set("camel.health.exposureLevel", "full");
            // The REST API and the page: the service's own HTTP server, its routes, its token.
            settings.set("camel.server.enabled", "true");
            settings.set("camel.server.host", settings.get("hpcsweep.api.host"));
            settings.set("camel.server.port", settings.get("hpcsweep.api.port"));
            settings.set("camel.server.maxBodySize", settings.get("hpcsweep.api.max-upload-bytes"));
            settings.set("camel.server.fileUploadDirectory", settings.getPath("hpcsweep.api.uploads").resolve("incoming").toString());
            settings.set("camel.main.routes-include-pattern", settings.get("camel.main.routes-include-pattern") + ",classpath:routes/api/*.yaml");
            PrivateFiles.directory(settings.getPath("hpcsweep.api.uploads").resolve("incoming"));
            String token = ApiToken.load(settings);
            org.hpcsweep.api.Callers callers = new org.hpcsweep.api.Callers(token);
            api = new StudyApi(storedRuns, flow.registry(), flow.limits(), settings.getPath("hpcsweep.api.uploads"), callers, settings.schedules());
            main.bind("studyApi", api);
            // Camel main adds event notifiers it finds bound, before the context starts.
            gate = new TokenGate(callers, settings.getLong("hpcsweep.api.max-upload-bytes"));
            main.bind("apiTokenGate", gate.installer());
        }
        // The flow, and the routes of the one engine this service drives.
        settings.set("camel.main.routes-include-pattern", settings.get("camel.main.routes-include-pattern")
                + ",classpath:routes/engine-" + engine.name() + "/*.yaml");
        main.setOverrideProperties(settings.asProperties());
        engine.beans().forEach(main::bind);
        flow.byName().forEach(main::bind);
        main.bind("stepErrors", errors);
        // Camel main puts every InterceptStrategy it finds bound around each step of every route.
        main.bind("errorsAsFailures", new ErrorsAsFailures());
        main.bind("platformBreaker", breaker);
        main.bind("studyFolders", new StudyFolders(settings.getPath("hpcsweep.inputs").resolve("scheduled")));

        // Metrics are kept in every mode (cheap); the service publishes them at /observe/metrics.
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        main.bind("metricsRegistry", meters);
        ServiceGauges gauges = new ServiceGauges(meters, flow.registry(), breaker, storedRuns::finishedJobs);
        main.bind("retryAfter", new RetryAfter(Duration.ofMillis(settings.getLong("hpcsweep.retry.max-delay-millis")), gauges::retried, errors));
        try {
            main.start();
        } catch (Exception e) {
            engine.close();
            Database.close(dataSource);
            throw e;
        }
        if (gate != null && !gate.installed()) {
            main.stop();
            engine.close();
            Database.close(dataSource);
            throw new IllegalStateException("the API's token check could not be put in front of its HTTP server; not serving the API");
        }
        if (api != null) {
            api.setTemplate(main.getCamelContext().createFluentProducerTemplate());
        }
        // Added once the context runs, so they are started by hand: Camel skips notifiers not started.
        for (org.apache.camel.spi.EventNotifier notifier : List.of(new PlatformCallMetrics(meters, url), breaker)) {
            main.getCamelContext().getManagementStrategy().addEventNotifier(notifier);
            org.apache.camel.support.service.ServiceHelper.startService(notifier);
        }
        HealthCheckRegistry health = HealthCheckRegistry.get(main.getCamelContext());
        if (health != null) {
            health.register(new ReadinessCheck("platform", engine.probe()));
            health.register(new ReadinessCheck("database", () -> storedRuns.probe()));
            health.register(new RoutesCheck(main.getCamelContext(), System::currentTimeMillis));
        }
        HpcSweepService service = new HpcSweepService(main, engine, flow, url, dataSource, store, breaker);
        if (Boolean.parseBoolean(settings.get("hpcsweep.resume"))) {
            service.resumeUnfinished();
        }
        return service;
    }

    /** Starts a study from a zip, as if it had been dropped into the inbox; returns once its jobs are submitted. */
    public StudyRun submit(Path zip) {
        return main.getCamelContext().createFluentProducerTemplate().to("direct:start-study").withBody(zip.toFile())
                .request(StudyRun.class);
    }

    /** The flow's beans as this service wired them: its runs in progress ({@code flow().registry()}), its intake... */
    public FlowBeans flow() {
        return flow;
    }

    /** Whether, and how often, calls to a platform that looked down were held back. */
    public PlatformBreaker platformBreaker() {
        return breaker;
    }

    public String platformUrl() {
        return platformUrl;
    }

    public Main main() {
        return main;
    }

    /** Blocks until the service is asked to stop (Ctrl-C, SIGTERM). */
    public void awaitShutdown() throws InterruptedException {
        main.getShutdownStrategy().await();
    }

    /** Stops the service; once, whoever calls it first (the command, or its hook as the JVM exits) and any later call returns. */
    @Override
    public synchronized void close() throws Exception {
        if (closed) {
            return;
        }
        closed = true;
        try {
            main.stop();
        } finally {
            try {
                engine.close();
            } finally {
                try {
                    // Writes left to the next commit (a job created or submitted) are kept, not left to a restart to reconcile.
                    store.flush();
                } catch (RuntimeException e) {
                    LOG.warn("writes left to the next commit not stored at stop: {}", e.getMessage());
                }
                Database.close(dataSource);
                if (lease != null) {
                    lease.close();
                }
                if (lock != null) {
                    lock.close();
                }
            }
        }
    }
}
