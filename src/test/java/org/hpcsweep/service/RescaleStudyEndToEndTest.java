package org.hpcsweep.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hpcsweep.files.TestZips;
import org.hpcsweep.study.JobOutcome;
import org.hpcsweep.study.JobState;
import org.hpcsweep.study.StudyOutcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A study written for Rescale (its core type and software codes, useMpi, an executable script in the
 * zip) runs unchanged through the whole service on the embedded platform.
 */
class RescaleStudyEndToEndTest {
    @TempDir
    static Path dir;
    static HpcSweepService service;

    @BeforeAll
    static void start() throws Exception {
        service = HpcSweepService.start(TestStudies.settings(dir, Map.of()));
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
    }

    @Test
    void should_run_an_executable_run_sh_on_emerald_with_rescale_cores_per_slot_equal_to_the_jobs_cores() throws Exception {
        Path zip = TestZips.write(dir.resolve("rescale.zip"), List.of(
                new TestZips.Entry("study.yaml", """
                        name: rescale-as-written
                        processors: [1, 2]
                        job:
                          command: "./run.sh {procs}"
                          analysis: user_included
                          version: "0"
                          coreType: emerald
                          useMpi: true
                          walltime: 0.1
                        """, 0644),
                new TestZips.Entry("run.sh", """
                        #!/bin/bash
                        # The time "measured" is RESCALE_CORES_PER_SLOT, so the test can see the platform's value.
                        [ "$1" = "$RESCALE_CORES_PER_SLOT" ] || { echo "procs $1 but RESCALE_CORES_PER_SLOT=$RESCALE_CORES_PER_SLOT"; exit 1; }
                        echo "$1 $RESCALE_CORES_PER_SLOT.0" > comp_time.log
                        """, 0755)));
        StudyOutcome outcome = service.submit(zip).completion().get(120, TimeUnit.SECONDS);
        assertEquals(2, outcome.jobs().size());
        for (JobOutcome job : outcome.jobs()) {
            assertEquals(JobState.SUCCEEDED, job.state(), job.toString());
            assertEquals(job.procs(), job.seconds(), 1e-9, "RESCALE_CORES_PER_SLOT equals the job's cores: " + job);
        }
    }

    @Test
    void should_run_the_tutorials_job_definition_unchanged() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/mpirun")), "Open MPI is not installed (.ci/install-openmpi.sh installs it)");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "python3 is not installed (.ci/install-openmpi.sh installs it)");
        Path zip = TestZips.write(dir.resolve("tutorial.zip"), List.of(
                new TestZips.Entry("study.yaml", """
                        name: tutorial
                        processors: [1, 2]
                        job:
                          command: "cd code; mpirun -np {procs} python3 sampler.py alloy.txt alloy.out 20000 SMC; cp comp_time.log .."
                          analysis: anaconda
                          version: "5.3.1"
                          coreType: hpc-3
                          useMpi: true
                          walltime: 0.1
                        """, 0644),
                new TestZips.Entry("code/sampler.py", """
                        import os, sys, time
                        start = time.time()
                        rank = int(os.environ["OMPI_COMM_WORLD_RANK"])
                        size = int(os.environ["OMPI_COMM_WORLD_SIZE"])
                        if rank == 0:
                            open("comp_time.log", "w").write("%d %f\\n" % (size, time.time() - start + 0.001))
                        """, 0644)));
        StudyOutcome outcome = service.submit(zip).completion().get(120, TimeUnit.SECONDS);
        for (JobOutcome job : outcome.jobs()) {
            assertEquals(JobState.SUCCEEDED, job.state(), job.toString());
            assertTrue(job.seconds() > 0, job.toString());
        }
    }
}
