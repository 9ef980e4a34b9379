package org.hpcsweep.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.hpcsweep.service.HpcSweepService;
import org.hpcsweep.service.TestStudies;
import org.hpcsweep.study.JobOutcome;
import org.hpcsweep.study.JobState;
import org.hpcsweep.study.StudyOutcome;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same flow and study file on a real single-node Slurm (slurmctld, slurmd, slurmrestd v0.0.38,
 * started on 127.0.0.1 by .ci/slurm-up.sh): processors [1, 2], end to end, report checked. Skipped,
 * with the exact reason, where that cluster is not running.
 */
class SlurmStudyEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void should_run_a_scaling_study_on_slurm_through_the_same_flow() throws Exception {
        String unavailable = SlurmRestTest.whyUnavailable();
        Assumptions.assumeTrue(unavailable == null, unavailable);
        Map<String, String> env = SlurmRestTest.readEnvFile();
        Path zip = TestStudies.shellStudy(dir, "slurm.zip", """
                name: on-slurm
                processors: [1, 2]
                job:
                  command: "bash workload.sh {procs} 2000000"
                  walltime: 0.1
                """);
        StudyOutcome outcome;
        try (HpcSweepService service = HpcSweepService.start(TestStudies.settings(dir, Map.of(
                "hpcsweep.engine", "slurm",
                "hpcsweep.slurm.url", env.get("SLURM_REST_URL"),
                "hpcsweep.slurm.user", env.get(SlurmCredentials.USER_ENV),
                "hpcsweep.slurm.token-file", env.get(SlurmCredentials.TOKEN_FILE_ENV),
                "hpcsweep.slurm.workdir", dir.resolve("shared").toString())))) {
            outcome = service.submit(zip).completion().get(180, TimeUnit.SECONDS);
        }
        for (JobOutcome job : outcome.jobs()) {
            assertEquals(JobState.SUCCEEDED, job.state(), job.toString());
            assertTrue(job.jobId().matches("\\d+"), "a Slurm job id: " + job.jobId());
            assertEquals("COMPLETED", job.finalStatus());
            String[] logged = Files.readString(outcome.outputDir().resolve("jobs/" + outcome.jobs().indexOf(job) + "-p" + job.procs()
                    + "/comp_time.log")).trim().split("\\s+");
            assertEquals(job.seconds(), Double.parseDouble(logged[1]), 1e-12);
        }
        List<String> csv = Files.readAllLines(outcome.outputDir().resolve("results.csv"));
        assertEquals(3, csv.size(), csv.toString());
        BufferedImage speedup = ImageIO.read(outcome.outputDir().resolve("speedup.png").toFile());
        assertEquals(800, speedup.getWidth());
        assertTrue(Files.readString(outcome.outputDir().resolve("report.html")).contains("on-slurm"));
    }

    @Test
    void should_stop_placing_jobs_at_once_when_slurm_refuses_the_token() throws Exception {
        String unavailable = SlurmRestTest.whyUnavailable();
        Assumptions.assumeTrue(unavailable == null, unavailable);
        Map<String, String> env = SlurmRestTest.readEnvFile();
        Path wrongToken = Files.writeString(dir.resolve("wrong-token"), "not-a-token-" + java.util.UUID.randomUUID());
        Path zip = TestStudies.shellStudy(dir, "refused.zip", """
                name: refused-on-slurm
                processors: [1, 2, 4]
                job:
                  command: "true"
                  walltime: 0.1
                """);
        StudyOutcome outcome;
        long started = System.nanoTime();
        try (HpcSweepService service = HpcSweepService.start(TestStudies.settings(dir, Map.of(
                "hpcsweep.engine", "slurm",
                "hpcsweep.slurm.url", env.get("SLURM_REST_URL"),
                "hpcsweep.slurm.user", env.get(SlurmCredentials.USER_ENV),
                "hpcsweep.slurm.token-file", wrongToken.toString(),
                "hpcsweep.slurm.workdir", dir.resolve("shared").toString())))) {
            outcome = service.submit(zip).completion().get(60, TimeUnit.SECONDS);
        }
        // Not retried for minutes as a 500 would be: the first refusal halts the run's placements.
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(30), "stopped at once");
        for (JobOutcome job : outcome.jobs()) {
            assertEquals(JobState.FAILED, job.state(), job.toString());
            String why = String.valueOf(job.error()) + " " + job.statusReason();
            assertTrue(why.contains("Slurm refused the token") && why.contains("hpcsweep.slurm.token-file"), why);
        }
    }
}
