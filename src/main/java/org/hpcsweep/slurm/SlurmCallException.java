package org.hpcsweep.slurm;

import java.util.List;

/**
 * slurmrestd refused a call; the message is Slurm's own reason, fit to show a user. The HTTP status
 * and Slurm's error numbers (from the answer's {@code errors} list) say what kind of refusal it was
 * ({@link SlurmFailures}).
 */
public final class SlurmCallException extends RuntimeException {
    private final int statusCode;
    private final List<Integer> errorNumbers;

    /**
     * @param statusCode   slurmrestd's HTTP status (2xx when it answered with errors all the same)
     * @param errorNumbers Slurm's error numbers, in the order of its {@code errors} list; may be empty
     */
    public SlurmCallException(String message, int statusCode, List<Integer> errorNumbers) {
        super(message);
        this.statusCode = statusCode;
        this.errorNumbers = List.copyOf(errorNumbers);
    }

    public int getStatusCode() {
        return statusCode;
    }

    /** Slurm's error numbers ({@code error_number}, {@code error_code} or {@code errno}; -1 for "Unspecified error"). */
    public List<Integer> getErrorNumbers() {
        return errorNumbers;
    }
}
