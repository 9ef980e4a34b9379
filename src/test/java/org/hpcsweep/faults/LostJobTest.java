package org.hpcsweep.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.hpcsweep.platform.LocalPlatform;
import org.hpcsweep.platform.LocalPlatformSettings;
import org.hpcsweep.service.HpcSweepService;
import org.hpcsweep.service.TestStudies;
import org.hpcsweep.study.JobOutcome;
import org.hpcsweep.study.JobState;
import org.hpcsweep.study.StudyOutcome;
import org.hpcsweep.study.StudyRun;
import org.hpcsweep.study.SubmitPhase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A platform that comes back without the study's jobs: the jobs end as lost and the study is reported, not stuck. */
class LostJobTest {
    private static final String KEY = "lost-key";
    @TempDir
    Path dir;

    @Test
    @Timeout(90)
    void should_end_a_job_the_platform_no_longer_knows_as_lost_and_report_the_study() throws Exception {
        LocalPlatform first = LocalPlatform.start(new LocalPlatformSettings("127.0.0.1", 0, dir.resolve("platform-1"), Set.of(KEY), 2));
        int port = first.baseUrl().getPort();
        try (HpcSweepService service = HpcSweepService.start(TestStudies.onPlatform(dir, first.baseUrl(), KEY,
                Map.of("hpcsweep.poll.lost-after-millis", "1500", "hpcsweep.breaker.open-seconds", "1")))) {
            StudyRun run = service.submit(TestStudies.shellStudy(dir, "lost.zip",
                    "name: lost\nprocessors: [1]\njob: {command: \"sleep 30; echo '1 1.0' > comp_time.log\"}\n"));
            assertEquals(SubmitPhase.SUBMITTED, run.getJobs().get(0).getSubmitPhase());
            // The platform restarts on the same address with none of its jobs.
            first.close();
            try (LocalPlatform second = LocalPlatform.start(new LocalPlatformSettings("127.0.0.1", port, dir.resolve("platform-2"), Set.of(KEY), 2))) {
                StudyOutcome outcome = run.completion().get(60, TimeUnit.SECONDS);
                JobOutcome job = outcome.jobs().get(0);
                assertEquals(JobState.FAILED, job.state(), job.toString());
                assertEquals("Lost", job.finalStatus());
                assertTrue(job.statusReason().startsWith("lost: the platform has not known job"), job.statusReason());
            }
        }
    }
}
