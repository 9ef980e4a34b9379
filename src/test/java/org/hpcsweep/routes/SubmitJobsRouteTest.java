package org.hpcsweep.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.hpcsweep.engine.StepErrors;
import org.hpcsweep.platform.LocalPlatform;
import org.hpcsweep.platform.LocalPlatformSettings;
import org.hpcsweep.rescale.MultipartUpload;
import org.hpcsweep.rescale.PlatformAccount;
import org.hpcsweep.rescale.RescaleErrors;
import org.hpcsweep.rescale.PagedSearch;
import org.hpcsweep.rescale.RateLimits;
import org.hpcsweep.rescale.RescaleJobRequest;
import org.hpcsweep.rescale.RescaleStatus;
import org.hpcsweep.service.Database;
import org.hpcsweep.study.StudyStore;
import org.hpcsweep.study.StudyFile;
import org.hpcsweep.study.StudyRun;
import org.hpcsweep.study.StudyRuns;
import org.hpcsweep.study.SubmitPhase;
import org.hpcsweep.study.TrackedJob;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The splitter of routes/30-submit.yaml against the real local platform over loopback: one job is
 * created and submitted per processor count, each exactly once.
 */
class SubmitJobsRouteTest extends CamelTestSupport {
    private static final String KEY = "route-test-key";
    @TempDir
    static Path dir;
    static LocalPlatform platform;
    StudyRuns runs;

    @BeforeAll
    static void startPlatform() throws Exception {
        platform = LocalPlatform.start(new LocalPlatformSettings("127.0.0.1", 0, dir.resolve("platform"), Set.of(KEY), 2));
    }

    @AfterAll
    static void stopPlatform() {
        platform.close();
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = new Properties();
        p.put("hpcsweep.platform.url", platform.baseUrl().toString());
        p.put("hpcsweep.http.connect-timeout", "5000");
        p.put("hpcsweep.http.response-timeout", "20000");
        p.put("hpcsweep.retry.max-retries", "3");
        p.put("hpcsweep.engine", "rescale");
        p.put("hpcsweep.retry.first-delay-millis", "100");
        p.put("hpcsweep.retry.max-delay-millis", "1000");
        return p;
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        PlatformAccount account = new PlatformAccount(platform.baseUrl().toString(), KEY);
        runs = new StudyRuns(new StudyStore(Database.open("jdbc:h2:mem:submit-route;DB_CLOSE_DELAY=-1", "sa", "")),
                dir.resolve("inputs"), dir.resolve("out"), platform.baseUrl().toString(), platform.baseUrl().toString(), 100, 1000);
        context.getRegistry().bind("platformAccount", account);
        // The pool config/application.properties defines for the service (camel-main's
        // camel.threadpool.config), here four wide so that the splitter's parallel path is the one tested.
        context.getExecutorServiceManager().registerThreadPoolProfile(
                new org.apache.camel.builder.ThreadPoolProfileBuilder("placement").poolSize(4).maxPoolSize(4).build());
        context.getRegistry().bind("platformErrors", new StepErrors(new RescaleErrors(), account::mask, 3));
        context.getRegistry().bind("platformBreaker", new org.hpcsweep.operations.PlatformBreaker(platform.baseUrl().toString(), 5,
                java.time.Duration.ofSeconds(30), account::mask));
        context.getRegistry().bind("retryAfter", new org.hpcsweep.rescale.RetryAfter(java.time.Duration.ofSeconds(1), throttled -> { }));
        context.getRegistry().bind("studyRuns", runs);
        context.getRegistry().bind("multipartUpload", new MultipartUpload());
        context.getRegistry().bind("rescaleJobRequest", new RescaleJobRequest());
        context.getRegistry().bind("rescaleStatus", new RescaleStatus());
        context.getRegistry().bind("pagedSearch", new PagedSearch());
        context.getRegistry().bind("rateLimits", new RateLimits(1000, 90000, 0.85));
        for (String file : new String[] {"flow/01-errors", "flow/20-upload", "flow/30-submit", "engine-rescale/00-platform-call",
                "engine-rescale/20-stage", "engine-rescale/30-place"}) {
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveResource(context, "classpath:routes/" + file + ".yaml"));
        }
        return context;
    }

    @Test
    void should_create_and_submit_one_job_per_processor_count() throws Exception {
        Path zip = dir.resolve("in.zip");
        try (var zos = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            zos.putNextEntry(new java.util.zip.ZipEntry("run.sh"));
            zos.write("echo hi".getBytes());
            zos.closeEntry();
        }
        String yaml = "name: split\nprocessors: [1, 2]\nparameters: {n: [10, 20]}\njob: {command: \"bash run.sh {procs} {n}\"}\n";
        StudyRun run = runs.start(StudyFile.parse(yaml, "study.yaml"), yaml, zip);
        template.send("direct:upload", e -> {
            e.setProperty("run", run);
            e.setProperty("runId", run.getRunId());
            e.setProperty("jobCount", run.getJobCount());
        });
        template.send("direct:submit-jobs", e -> {
            e.setProperty("run", run);
            e.setProperty("runId", run.getRunId());
            e.setProperty("jobCount", run.getJobCount());
        });
        for (TrackedJob job : run.getJobs()) {
            assertNotNull(job.getPlatformId(), job + " created");
            assertEquals(SubmitPhase.SUBMITTED, job.getSubmitPhase());
        }
        assertEquals(4, run.getJobs().size(), "2 processor counts x 2 values of n");
        assertEquals(4, run.getJobs().stream().map(TrackedJob::getPlatformId).distinct().count());
        assertEquals(4, platform.counters().jobsCreated());
        assertEquals(4, platform.counters().jobsSubmitted());
    }
}
