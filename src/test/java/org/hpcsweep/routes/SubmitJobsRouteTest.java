package org.hpcsweep.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.apache.camel.ProducerTemplate;
import org.hpcsweep.flow.FlowProperties;
import org.hpcsweep.platform.LocalPlatform;
import org.hpcsweep.platform.LocalPlatformSettings;
import org.hpcsweep.service.HpcSweepService;
import org.hpcsweep.service.TestStudies;
import org.hpcsweep.study.StudyFile;
import org.hpcsweep.study.StudyRun;
import org.hpcsweep.study.SubmitPhase;
import org.hpcsweep.study.TrackedJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The splitter of routes/flow/30-placement.yaml, in the service's own wiring, against a local
 * platform over loopback: one job is created and submitted per matrix point, each exactly once.
 */
class SubmitJobsRouteTest {
    private static final String KEY = "route-test-key";
    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void should_create_and_submit_one_job_per_matrix_point() throws Exception {
        try (LocalPlatform platform = LocalPlatform.start(new LocalPlatformSettings("127.0.0.1", 0, dir.resolve("platform"), Set.of(KEY), 2));
             // Four placements at once, so that the splitter's parallel path is the one tested.
             HpcSweepService service = HpcSweepService.start(TestStudies.onPlatform(dir, platform.baseUrl(), KEY,
                     Map.of("hpcsweep.submit.concurrency", "4")))) {
            String yaml = "name: split\nprocessors: [1, 2]\nparameters: {n: [10, 20]}\njob: {command: \"bash workload.sh {procs} {n}\"}\n";
            StudyRun run = service.flow().intake().start(StudyFile.parse(yaml, "study.yaml"), yaml,
                    TestStudies.shellStudy(dir, "in.zip", yaml));
            ProducerTemplate template = service.main().getCamelContext().createProducerTemplate();
            template.send("direct:upload", e -> FlowProperties.enterRun(e, run));
            template.send("direct:submit-jobs", e -> FlowProperties.enterRun(e, run));

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
}
