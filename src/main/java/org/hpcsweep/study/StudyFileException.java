package org.hpcsweep.study;

import java.util.List;

/**
 * A study file that cannot be used. The message names the file, the line where known, the key,
 * what was wrong and what is allowed, so the user can fix it without reading code. A file with
 * several mistakes gets one exception listing all of them, one per line.
 */
public final class StudyFileException extends RuntimeException {
    private final List<String> problems;

    public StudyFileException(String message) {
        super(message);
        this.problems = List.of(message);
    }

    public StudyFileException(String message, Throwable cause) {
        super(message, cause);
        this.problems = List.of(message);
    }

    StudyFileException(String source, List<String> problems) {
        super(problems.size() == 1 ? problems.get(0)
                : source + ": " + problems.size() + " problems:\n" + String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each mistake on its own, as the message lists them. */
    public List<String> problems() {
        return problems;
    }
}
