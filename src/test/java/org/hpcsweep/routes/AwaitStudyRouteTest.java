package org.hpcsweep.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.hpcsweep.flow.FlowProperties;
import org.hpcsweep.service.HpcSweepService;
import org.hpcsweep.service.TestStudies;
import org.hpcsweep.study.JobOutcome;
import org.hpcsweep.study.JobState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The aggregator of routes/flow/60-await-study.yaml: a study's report starts only when every one of its jobs is in. */
class AwaitStudyRouteTest {
    @TempDir
    Path dir;
    private HpcSweepService service;
    private ProducerTemplate template;
    private MockEndpoint report;

    @BeforeEach
    void start() throws Exception {
        service = HpcSweepService.start(TestStudies.settings(dir, Map.of()));
        CamelContext context = service.main().getCamelContext();
        // The report step sees what the aggregator hands on, and writes nothing for these made-up runs.
        AdviceWith.adviceWith(context, "report", route -> route.weaveAddFirst().to("mock:report").stop());
        report = context.getEndpoint("mock:report", MockEndpoint.class);
        template = context.createProducerTemplate();
    }

    @AfterEach
    void stop() throws Exception {
        service.close();
    }

    @Test
    void should_complete_each_run_only_when_all_its_jobs_are_in() throws Exception {
        send("run-a", 3, 1);
        send("run-b", 2, 1);
        send("run-a", 3, 2);
        send("run-a", 3, 2); // the same job's outcome again (collected anew after a restart): not counted twice
        report.setExpectedMessageCount(0);
        report.assertIsSatisfied(200);

        report.reset();
        report.expectedMessageCount(1);
        send("run-b", 2, 2);
        report.assertIsSatisfied();
        assertEquals("run-b", report.getExchanges().get(0).getProperty(FlowProperties.RUN_ID));
        assertEquals(2, report.getExchanges().get(0).getMessage().getBody(Map.class).size());

        report.reset();
        report.expectedMessageCount(1);
        send("run-a", 3, 4);
        report.assertIsSatisfied();
        Map<?, ?> outcomes = report.getExchanges().get(0).getMessage().getBody(Map.class);
        assertEquals(3, outcomes.size(), "one outcome per job, failed ones included");
        assertEquals(List.of(1, 2, 4), outcomes.values().stream().map(o -> ((JobOutcome) o).procs()).toList());
    }

    private void send(String runId, int jobCount, int procs) {
        // One job per processor count here: its index is its count.
        JobOutcome outcome = new JobOutcome(procs, procs, Map.of("procs", "" + procs), "job " + procs, "id" + procs,
                procs == 2 ? JobState.FAILED : JobState.SUCCEEDED, "Completed", null, procs == 2 ? null : 1.0 / procs, null, 1, null, null, null);
        template.send("direct:await-study", e -> {
            e.setProperty(FlowProperties.RUN_ID, runId);
            e.setProperty(FlowProperties.JOB_COUNT, jobCount);
            e.getMessage().setBody(outcome);
        });
    }
}
