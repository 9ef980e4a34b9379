package org.hpcsweep.slurm;

/**
 * openapi/v0.0.42, Slurm 24.11 (testsuite/python/data/openapi_specs/openapi_spec_v42.json): the job
 * shapes of v0.0.41; a ping says {@code "responding": true} ({@code pinged} is deprecated), which
 * {@link SlurmV0040#controllerAnswered} reads already.
 */
final class SlurmV0042 extends SlurmV0041 {
    @Override
    public String version() {
        return "v0.0.42";
    }
}
