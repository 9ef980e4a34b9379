package org.hpcsweep.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.camel.ProducerTemplate;
import org.hpcsweep.flow.FlowProperties;
import org.hpcsweep.platform.LocalPlatform;
import org.hpcsweep.platform.LocalPlatformSettings;
import org.hpcsweep.rescale.RescaleJobRequest;
import org.hpcsweep.service.HpcSweepService;
import org.hpcsweep.service.TestStudies;
import org.hpcsweep.study.JobState;
import org.hpcsweep.study.StudyFile;
import org.hpcsweep.study.StudyOutcome;
import org.hpcsweep.study.StudyRun;
import org.hpcsweep.study.SubmitPhase;
import org.hpcsweep.study.TrackedJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A create whose answer never came may still land: the job is placed once all the same. */
class LateCreateTest {
    private static final String KEY = "late-key";
    private static final String YAML = "name: late\nprocessors: [1]\njob: {command: \"bash workload.sh {procs} 1000\"}\n";
    @TempDir
    Path dir;

    @Test
    @Timeout(90)
    void should_create_a_job_once_when_its_create_lands_after_the_client_gave_up() throws Exception {
        try (LocalPlatform platform = LocalPlatform.start(new LocalPlatformSettings("127.0.0.1", 0, dir.resolve("platform"), Set.of(KEY), 2));
             FaultyPlatformProxy proxy = new FaultyPlatformProxy(platform.baseUrl(), 1, 0)) {
            // Every create is held 2.5 s on the way, the client gives up after 1.5 s.
            proxy.delay("POST /api/v2/jobs/", 2500);
            try (HpcSweepService service = HpcSweepService.start(TestStudies.onPlatform(dir, proxy.baseUrl(), KEY, Map.of(
                    "hpcsweep.http.response-timeout", "1500", "hpcsweep.retry.first-delay-millis", "100",
                    "hpcsweep.retry.max-delay-millis", "200")))) {
                StudyOutcome outcome = service.submit(TestStudies.shellStudy(dir, "late.zip", YAML)).completion().get(60, TimeUnit.SECONDS);
                assertEquals(JobState.SUCCEEDED, outcome.jobs().get(0).state(), outcome.jobs().get(0).toString());
            }
            assertEquals(1, platform.counters().jobsCreated(), "the late create was found and adopted, not made again");
        }
    }

    @Test
    @Timeout(60)
    void should_delete_a_second_job_of_the_same_name_found_when_reconciling() throws Exception {
        try (LocalPlatform platform = LocalPlatform.start(new LocalPlatformSettings("127.0.0.1", 0, dir.resolve("platform"), Set.of(KEY), 2));
             HpcSweepService service = HpcSweepService.start(TestStudies.onPlatform(dir, platform.baseUrl(), KEY, Map.of()))) {
            StudyRun run = service.flow().intake().start(StudyFile.parse(YAML, "study.yaml"), YAML, TestStudies.shellStudy(dir, "twice.zip", YAML));
            ProducerTemplate template = service.main().getCamelContext().createProducerTemplate();
            template.send("direct:upload", e -> FlowProperties.enterRun(e, run));
            TrackedJob job = run.getJobs().get(0);
            // As after a create whose answer was lost and another that landed beside it: two jobs of its name.
            String body = new ObjectMapper().writeValueAsString(new RescaleJobRequest().build(run, job));
            Set<String> both = Set.of(create(platform.baseUrl(), body), create(platform.baseUrl(), body));
            service.flow().placement().creating(job);

            template.send("direct:place-job", e -> {
                FlowProperties.enterRun(e, run);
                e.setProperty(FlowProperties.JOB, job);
            });
            assertEquals(true, both.contains(job.getPlatformId()), "one of the two is adopted: " + job.getPlatformId());
            assertEquals(SubmitPhase.SUBMITTED, job.getSubmitPhase());
            JsonNode jobs = get(platform.baseUrl(), "/api/v2/jobs/?page_size=100");
            long named = 0;
            for (JsonNode j : jobs.path("results")) {
                named += job.getPlatformName().equals(j.path("name").asText()) ? 1 : 0;
            }
            assertEquals(1, named, "the extra one deleted: " + jobs);
            assertEquals(JobState.SUCCEEDED, run.completion().get(30, TimeUnit.SECONDS).jobs().get(0).state());
        }
    }

    private static String create(URI base, String body) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/api/v2/jobs/"))
                .header("Authorization", "Token " + KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, answer.statusCode(), answer.body());
        return new ObjectMapper().readTree(answer.body()).path("id").asText();
    }

    private static JsonNode get(URI base, String path) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Token " + KEY).GET().build(), HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(answer.body());
    }
}
