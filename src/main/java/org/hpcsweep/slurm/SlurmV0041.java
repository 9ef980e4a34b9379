package org.hpcsweep.slurm;

/**
 * openapi/v0.0.41, Slurm 24.05 (testsuite/python/data/openapi_specs/openapi_spec_v41.json): the job
 * shapes of v0.0.40, the top-level {@code script} deprecated in favour of {@code job.script}.
 */
class SlurmV0041 extends SlurmV0040 {
    @Override
    public String version() {
        return "v0.0.41";
    }

    @Override
    boolean scriptInJob() {
        return true;
    }
}
