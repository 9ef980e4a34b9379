package org.hpcsweep.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** One study file for every engine: the part that must differ per engine is written once each, in its profile. */
class ProfilesTest {
    private static final String STUDY = """
            name: both
            processors: [1, 2]
            job:
              command: "./run.sh {procs}"
              coreType: local
              walltime: 1
              env: {MODE: fast, SHARED: "yes"}
            profiles:
              rescale:
                coreType: hpc-3
                analysis: user_included
                version: "0"
              slurm:
                walltime: 2
                env: {MODE: careful}
                slurm: {partition: gpu, account: proj42}
            """;

    @Test
    void should_lay_the_profile_of_the_engine_in_use_over_the_job_section() {
        JobTemplate rescale = StudyFile.parse(STUDY, "study.yaml", "rescale").job();
        assertEquals("hpc-3", rescale.coreType());
        assertEquals("user_included", rescale.analysis());
        assertEquals(1.0, rescale.walltime());

        JobTemplate slurm = StudyFile.parse(STUDY, "study.yaml", "slurm").job();
        assertEquals("local", slurm.coreType(), "the common part, where the profile says nothing");
        assertEquals(2.0, slurm.walltime());
        assertEquals(Map.of("MODE", "careful", "SHARED", "yes"), slurm.env(), "env adds to the job's, key by key");
        assertEquals(Map.of("partition", "gpu", "account", "proj42"), slurm.slurm(), "what the cluster needs, for Slurm only");
        assertEquals(Map.of(), rescale.slurm());
    }

    @Test
    void should_apply_no_profile_where_no_engine_is_named_but_check_them_all() {
        assertEquals("local", StudyFile.parse(STUDY, "study.yaml").job().coreType());
        StudyFileException unknownEngine = assertThrows(StudyFileException.class,
                () -> StudyFile.parse(STUDY.replace("  slurm:\n", "  pbs:\n"), "study.yaml", "rescale"));
        assertTrue(unknownEngine.getMessage().contains("'profiles.pbs' is not a known key"), unknownEngine.getMessage());
        StudyFileException unknownKey = assertThrows(StudyFileException.class,
                () -> StudyFile.parse(STUDY.replace("    walltime: 2\n", "    partition: gpu\n"), "study.yaml", "rescale"));
        assertTrue(unknownKey.getMessage().contains("line 14: 'profiles.slurm.partition' is not a known key"), unknownKey.getMessage());
    }
}
