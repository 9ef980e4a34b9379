package org.hpcsweep.slurm;

import java.util.List;
import java.util.Set;
import org.hpcsweep.engine.EngineErrors;
import org.hpcsweep.engine.FailureKind;

/**
 * What slurmrestd's refusals ({@link SlurmCallException}) mean, by HTTP status and Slurm's error
 * numbers. Checked against slurmrestd 22.05 (openapi/v0.0.38) and its slurmctld:
 * <ul>
 * <li>A wrong or expired token, or a token of another user than X-SLURM-USER-NAME: slurmrestd passes
 * the token through, slurmctld drops the connection ("auth_g_verify: ... authentication error"), and
 * the answer is 500 with error 5005 "Zero Bytes were transmitted or received" (submit, cancel) or
 * with -1 "Unspecified error" (job and job-list reads). No token or user header at all: 401.</li>
 * <li>slurmctld unreachable: 500 with 1800 "Unable to contact slurm controller (connect failure)"
 * (submit, cancel), and again -1 "Unspecified error" (reads).</li>
 * </ul>
 * So 5005 (and 401/403) is a refused token: retrying it only repeats the refusal. A read's -1 could
 * be either; it counts as transient so that an outage is waited out; a refused token then shows
 * itself at the next submit or stop. An unknown job (2017) or a bad request (400) is permanent.
 */
public final class SlurmFailures implements EngineErrors {
    /** SLURM_PROTOCOL_SOCKET_ZERO_BYTES_SENT: slurmctld hung up on the token; SLURM_PROTOCOL_AUTHENTICATION_ERROR. */
    private static final Set<Integer> REFUSED = Set.of(5005, 1007);
    /** The Slurm calls' "Unspecified error": a read that failed, for either reason above. */
    private static final int UNSPECIFIED = -1;

    private final String userName;
    private final String tokenSetting;

    /**
     * @param userName     the Slurm user the token is for
     * @param tokenSetting where this service took the token from, for the user to check
     */
    public SlurmFailures(String userName, String tokenSetting) {
        this.userName = userName;
        this.tokenSetting = tokenSetting;
    }

    /** Where the token comes from when the environment gives it (no hpcsweep.slurm.token-file). */
    public static String environmentSetting() {
        return SlurmCredentials.TOKEN_ENV + " or " + SlurmCredentials.TOKEN_FILE_ENV + " (or hpcsweep.slurm.token-file)";
    }

    @Override
    public FailureKind classify(Throwable failure) {
        if (!(failure instanceof SlurmCallException slurm)) {
            return null;
        }
        int code = slurm.getStatusCode();
        List<Integer> numbers = slurm.getErrorNumbers();
        if (code == 401 || code == 403 || numbers.stream().anyMatch(REFUSED::contains)) {
            return FailureKind.REFUSED_CREDENTIALS;
        }
        if (code == 429 || code == 502 || code == 503 || code == 504) {
            return FailureKind.TRANSIENT;
        }
        if (numbers.stream().anyMatch(SlurmFailures::isUnavailable)) {
            return FailureKind.TRANSIENT;
        }
        if (numbers.contains(INVALID_JOB_ID)) {
            return FailureKind.NOT_FOUND;
        }
        // A 500 with no reason of Slurm's came from something in between (a proxy): like Rescale's 500.
        return code == 500 && numbers.isEmpty() ? FailureKind.TRANSIENT : FailureKind.PERMANENT;
    }

    /** slurmctld not reachable or not answering (1001-1004, 1800-1804, 5000-5004), or a read's unspecified failure. */
    /** slurmctld does not know the job id (ESLURM_INVALID_JOB_ID). */
    private static final int INVALID_JOB_ID = 2017;

    private static boolean isUnavailable(int number) {
        return number == UNSPECIFIED || number >= 1001 && number <= 1004 || number >= 1800 && number <= 1804
                || number >= 5000 && number <= 5004;
    }

    @Override
    public String describe(Throwable failure) {
        if (!(failure instanceof SlurmCallException slurm)) {
            return null;
        }
        if (classify(slurm) == FailureKind.REFUSED_CREDENTIALS) {
            return "Slurm refused the token of user " + userName + " (wrong, expired or another user's); check "
                    + tokenSetting + ", a new one comes from `scontrol token username=" + userName + "` ("
                    + slurm.getMessage() + ")";
        }
        return slurm.getMessage();
    }
}
