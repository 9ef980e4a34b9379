package org.hpcsweep.study;

/**
 * Which output file of a job holds its timing and how to read it.
 *
 * @param file   the output file's name, searched among the job's files (default {@code comp_time.log})
 * @param format {@code procs-seconds}: one line {@code <procs> <seconds>} as the reference writes it;
 *               {@code seconds}: the first number of the file is the time; {@code pattern}: the
 *               first match of {@code pattern} in the file, its one group
 * @param pattern for {@code pattern}: a regular expression with one capturing group around the value
 *                (as ReFrame's and Ramble's figures of merit), else null
 */
public record ResultFile(String file, String format, java.util.regex.Pattern pattern) {
    public static final String PROCS_SECONDS = "procs-seconds";
    public static final String SECONDS = "seconds";
    public static final String PATTERN = "pattern";

    public ResultFile(String file, String format) {
        this(file, format, null);
    }
}
