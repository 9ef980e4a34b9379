package org.hpcsweep.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hpcsweep.service.HpcSweepService;
import org.hpcsweep.service.TestStudies;
import org.hpcsweep.study.JobOutcome;
import org.hpcsweep.study.JobState;
import org.hpcsweep.study.StudyOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole study through the service on a stub slurmrestd that serves v0.0.41 and v0.0.42: the
 * service picks v0.0.42, sends the cluster settings with every job, spreads a job beyond a node over
 * several, and polls all of the study's jobs with one {@code GET /jobs} per look, which also tells it
 * of the jobs that ended (no call of their own).
 */
class SlurmBulkStatusTest {
    @TempDir
    Path dir;

    @Test
    void should_poll_a_studys_jobs_with_one_listing_per_look_instead_of_a_call_per_job() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "stub-token");
        Path zip = TestStudies.shellStudy(dir, "bulk.zip", """
                name: bulk-on-slurm
                processors: [1, 2, 3, 4]
                job:
                  command: "bash workload.sh {procs} 1000"
                  walltime: 0.1
                """);
        StudyOutcome outcome;
        try (SlurmRestdStub stub = new SlurmRestdStub(3000, "v0.0.41", "v0.0.42")) {
            try (HpcSweepService service = HpcSweepService.start(TestStudies.settings(dir, Map.of(
                    "hpcsweep.engine", "slurm",
                    "hpcsweep.slurm.url", stub.url().toString(),
                    "hpcsweep.slurm.user", "alice",
                    "hpcsweep.slurm.token-file", token.toString(),
                    "hpcsweep.slurm.workdir", dir.resolve("shared").toString(),
                    "hpcsweep.slurm.partition", "debug",
                    "hpcsweep.slurm.qos", "short",
                    "hpcsweep.slurm.cpus-per-node", "auto")))) {
                outcome = service.submit(zip).completion().get(90, TimeUnit.SECONDS);
            }
            for (JobOutcome job : outcome.jobs()) {
                assertEquals(JobState.SUCCEEDED, job.state(), job.toString());
            }
            assertEquals(List.of(), stub.problems());
            List<String> calls = stub.requests();
            assertTrue(calls.stream().filter(c -> c.contains("/slurm/")).allMatch(c -> c.contains("/slurm/v0.0.42/")), calls.toString());

            long listings = stub.count("GET /slurm/v0\\.0\\.42/jobs.*");
            long perJob = stub.count("GET /slurm/v0\\.0\\.42/job/\\d+");
            int jobs = outcome.jobs().size();
            System.out.printf("SlurmBulkStatusTest: %d jobs, %d listings, %d calls for one job%n", jobs, listings, perJob);
            // Each job runs 3 s while it is looked at every 0.2-1 s: asked one by one, that is several calls
            // per job and look; listed, one call per look, and an ended job's final status is on the listing too.
            assertTrue(listings >= 3, "looked at several times while the jobs ran: " + calls);
            assertEquals(0, perJob, "no job is asked on its own, an ended one neither: " + calls);
            assertTrue(listings + perJob < (long) jobs * listings, "fewer status calls than jobs x looks: " + calls);
            assertTrue(calls.stream().anyMatch(c -> c.contains("/jobs?update_time=")), "later listings ask for changes only: " + calls);

            // What a cluster needs of every job, and 3 and 4 processors over 2 nodes of 2 CPUs (the stub's debug partition).
            for (JsonNode submit : stub.submits()) {
                JsonNode job = submit.path("job");
                assertEquals("debug", job.path("partition").asText());
                assertEquals("short", job.path("qos").asText());
                int tasks = job.path("tasks").asInt();
                assertEquals(tasks > 2 ? "2" : "1", job.path("nodes").asText(), job.toString());
                assertEquals(tasks > 2 ? 2 : 0, job.path("tasks_per_node").asInt(0), job.toString());
            }
        }
    }
}
