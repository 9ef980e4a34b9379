package org.hpcsweep.study;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the time out of a downloaded result file. For {@code procs-seconds} (the reference's
 * {@code comp_time.log}) that is the first non-blank line {@code <procs> <seconds>}; for
 * {@code seconds}, the first number of the file.
 */
public final class ResultFileReader {
    private ResultFileReader() {
    }


    /** The time in seconds; throws with a message that quotes what was found when it cannot be read. */
    public static double seconds(Path file, ResultFile format) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(format.file() + " cannot be read: " + e.getMessage());
        }
        if (format.pattern() != null) {
            return matched(lines, format);
        }
        String line = lines.stream().map(String::strip).filter(l -> !l.isEmpty()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(format.file() + " is empty"));
        String[] fields = line.split("[\\s,]+");
        int index = ResultFile.PROCS_SECONDS.equals(format.format()) ? 1 : 0;
        if (fields.length <= index) {
            throw new IllegalArgumentException(format.file() + ": expected '<procs> <seconds>', found '" + clip(line) + "'");
        }
        double seconds;
        try {
            seconds = Double.parseDouble(fields[index]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(format.file() + ": '" + clip(fields[index]) + "' is not a number of seconds (line '"
                    + clip(line) + "')");
        }
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException(format.file() + ": " + fields[index] + " is not a usable time");
        }
        return seconds;
    }

    /** The first match of the study's pattern, line by line; its one group is the value. */
    private static double matched(List<String> lines, ResultFile format) {
        for (String line : lines) {
            java.util.regex.Matcher m = format.pattern().matcher(line);
            if (m.find()) {
                String value = m.group(1);
                double seconds;
                try {
                    seconds = Double.parseDouble(value == null ? "" : value.strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(format.file() + ": the pattern '" + format.pattern() + "' matched '" + clip(line)
                            + "', but its group '" + clip(String.valueOf(value)) + "' is not a number");
                }
                if (!(seconds >= 0) || Double.isInfinite(seconds)) {
                    throw new IllegalArgumentException(format.file() + ": " + value + " is not a usable value");
                }
                return seconds;
            }
        }
        throw new IllegalArgumentException(format.file() + ": no line matches the pattern '" + format.pattern() + "'");
    }

    private static String clip(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }
}
