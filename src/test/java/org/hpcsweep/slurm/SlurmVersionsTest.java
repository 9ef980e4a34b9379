package org.hpcsweep.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.hpcsweep.operations.PlatformBreaker;
import org.hpcsweep.study.JobState;
import org.hpcsweep.study.ObservedStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The versions the local 22.05 cluster does not serve, against {@link SlurmRestdStub}: the version is
 * picked from what slurmrestd offers, and the routes submit, read, cancel and ping in each version's
 * paths and shapes (the stub refuses a body of the wrong shape, as slurmrestd does).
 */
class SlurmVersionsTest {
    private static final SlurmCredentials CREDENTIALS = new SlurmCredentials("alice", "stub-token");

    @TempDir
    Path dir;

    @Test
    void should_pick_the_newest_version_both_sides_speak() throws Exception {
        try (SlurmRestdStub older = new SlurmRestdStub(0, "v0.0.38", "v0.0.40", "v0.0.41");
             SlurmRestdStub newer = new SlurmRestdStub(0, "v0.0.42", "v0.0.43", "v0.0.44");
             SlurmRestdStub unknown = new SlurmRestdStub(0, "v0.0.44")) {
            assertEquals("v0.0.41", restd(older).newestCommonVersion().version());
            assertEquals("v0.0.42", restd(newer).newestCommonVersion().version());
            IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> restd(unknown).newestCommonVersion());
            assertTrue(none.getMessage().contains("[v0.0.44]"), none.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"v0.0.40", "v0.0.41", "v0.0.42"})
    void should_submit_read_and_cancel_jobs_in_the_shapes_of_the_version(String version) throws Exception {
        SlurmDialect dialect = SlurmDialect.of(version);
        try (SlurmRestdStub stub = new SlurmRestdStub(60_000, version); CamelContext camel = routes(stub, version)) {
            ProducerTemplate template = camel.createProducerTemplate();
            Path work = Files.createDirectories(dir.resolve("job"));
            Map<String, Object> body = new SlurmJobRequest(dialect, new SlurmSite("debug", "proj1", "", "", 2))
                    .build("scaling-3", 3, 0.5, work, "mpirun ./solver", Map.of("OMP_NUM_THREADS", "1"));
            Exchange submitted = template.send("direct:slurm-submit", e -> e.getMessage().setBody(body));
            assertNull(submitted.getException(), stub.problems().toString());
            long id = submitted.getMessage().getBody(JsonNode.class).path("job_id").asLong();

            JsonNode sent = stub.submits().get(0).path("job");
            assertTrue(sent.path("environment").isArray(), "environment a list: " + sent);
            assertTrue(sent.path("environment").toString().contains("\"OMP_NUM_THREADS=1\""), sent.toString());
            assertEquals(30, sent.path("time_limit").path("number").asInt(), "time_limit a number object: " + sent);
            assertEquals("2", sent.path("nodes").asText(), "3 processors of 2-CPU nodes take 2 nodes");
            assertEquals(2, sent.path("tasks_per_node").asInt());
            assertEquals("debug", sent.path("partition").asText());
            assertEquals("proj1", sent.path("account").asText());
            assertTrue(!sent.has("qos") && !sent.has("constraints"), "unset: the cluster's default");

            Exchange status = template.send("direct:slurm-status", e -> e.setProperty(SlurmCall.JOB_ID, id));
            ObservedStatus running = new SlurmState().interpret(status.getMessage().getBody(JsonNode.class));
            assertEquals(JobState.RUNNING, running.state(), running.toString());
            // Its start by Slurm's clock (whole seconds), not when we looked; its end_time (the time limit) is no end.
            long startedAt = stub.startTimeOf(id);
            assertEquals(java.time.Instant.ofEpochSecond(startedAt), running.since(), running.toString());
            assertNull(running.ran(), running.toString());
            assertNull(template.send("direct:slurm-cancel", e -> e.setProperty(SlurmCall.JOB_ID, id)).getException());
            ObservedStatus cancelled = new SlurmState().interpret(template.send("direct:slurm-status",
                    e -> e.setProperty(SlurmCall.JOB_ID, id)).getMessage().getBody(JsonNode.class));
            long endedAt = stub.endTimeOf(id);
            assertEquals(new ObservedStatus("CANCELLED", "exit code 0", JobState.STOPPED, List.of(),
                    Duration.ofSeconds(endedAt - startedAt), java.time.Instant.ofEpochSecond(endedAt), 0), cancelled);

            Exchange unknown = template.send("direct:slurm-status", e -> e.setProperty(SlurmCall.JOB_ID, 999));
            SlurmCallException refused = assertInstanceOf(SlurmCallException.class, unknown.getException());
            assertEquals("slurmrestd answered 500 to GET /slurm/" + version + "/job/999: Unable to find JobId=999 (2017)",
                    refused.getMessage());

            assertTrue(restd(stub).ping(dialect).contains("slurmctld stubctld answers"));
            assertEquals(List.of(), stub.problems());
            assertTrue(stub.requests().stream().allMatch(r -> r.contains("/slurm/" + version + "/")), stub.requests().toString());
        }
    }

    @Test
    void should_have_a_wrong_shape_refused_by_the_stub_as_slurmrestd_would() throws Exception {
        try (SlurmRestdStub stub = new SlurmRestdStub(0, "v0.0.41"); CamelContext camel = routes(stub, "v0.0.41")) {
            // v0.0.38's body (environment an object, nodes a list, the script beside the job) sent as v0.0.41.
            Map<String, Object> old = new SlurmJobRequest().build("j", 1, 0.1, dir, "true", Map.of());
            Exchange submitted = camel.createProducerTemplate().send("direct:slurm-submit", e -> e.getMessage().setBody(old));
            SlurmCallException refused = assertInstanceOf(SlurmCallException.class, submitted.getException());
            assertEquals(400, refused.getStatusCode());
            assertTrue(refused.getMessage().contains("job.environment must be a list"), refused.getMessage());
        }
    }

    private static SlurmRestd restd(SlurmRestdStub stub) {
        return new SlurmRestd(stub.url(), CREDENTIALS, Duration.ofSeconds(5));
    }

    private static CamelContext routes(SlurmRestdStub stub, String version) throws Exception {
        CamelContext camel = new DefaultCamelContext();
        camel.getPropertiesComponent().addInitialProperty("hpcsweep.slurm.url", stub.url().toString());
        camel.getPropertiesComponent().addInitialProperty("hpcsweep.slurm.api-version", version);
        camel.getRegistry().bind("slurmCredentials", CREDENTIALS);
        camel.getRegistry().bind("platformBreaker", new PlatformBreaker(stub.url().toString(), 5, Duration.ofSeconds(30), CREDENTIALS::mask));
        PluginHelper.getRoutesLoader(camel).loadRoutes(
                ResourceHelper.resolveResource(camel, "classpath:routes/engine-slurm/10-slurm-calls.yaml"));
        camel.start();
        return camel;
    }
}
