package org.hpcsweep.slurm;

/**
 * What every slurmrestd OpenAPI version shares: the auth headers {@code X-SLURM-USER-NAME} and
 * {@code X-SLURM-USER-TOKEN}, and paths below {@code /slurm/VERSION/} ({@code POST job/submit},
 * {@code GET|DELETE job/{id}}, {@code GET jobs}, {@code GET ping}, {@code GET nodes}). What differs
 * lives in one {@link SlurmDialect} per version (v0.0.38 of Slurm 22.05 to v0.0.42 of 24.11); the
 * service picks the newest one slurmrestd also serves ({@link SlurmRestd#offeredVersions()}).
 */
public final class SlurmApi {
    public static final String USER_NAME_HEADER = "X-SLURM-USER-NAME";
    public static final String USER_TOKEN_HEADER = "X-SLURM-USER-TOKEN";

    private SlurmApi() {
    }
}
