package org.hpcsweep.study;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The {@code collect:} section of a study file: which output file holds the measured value, and how to read it. */
final class CollectSection {
    private static final Set<String> KEYS = Set.of("file", "format", "pattern");
    private static final Set<String> FORMATS = Set.of(ResultFile.PROCS_SECONDS, ResultFile.SECONDS, ResultFile.PATTERN);
    private final StudyFields fields;

    CollectSection(StudyFields fields) {
        this.fields = fields;
    }

    ResultFile read(JsonNode node) {
        if (node == null || node.isNull()) {
            return new ResultFile("comp_time.log", ResultFile.PROCS_SECONDS);
        }
        fields.requireObject(node, "collect", KEYS);
        String file = fields.optionalText(node, "collect.file", "comp_time.log");
        if (file.isBlank() || file.contains("..") || file.startsWith("/")) {
            throw fields.error("collect.file", "must be a file name inside the job's work dir, not '" + file + "'");
        }
        String regex = fields.optionalText(node, "collect.pattern", null);
        String format = fields.optionalText(node, "collect.format", regex == null ? ResultFile.PROCS_SECONDS : ResultFile.PATTERN);
        if (!FORMATS.contains(format)) {
            throw fields.error("collect.format", "'" + format + "' is not a known format; use one of " + FORMATS);
        }
        if (format.equals(ResultFile.PATTERN) != (regex != null)) {
            throw regex == null ? fields.error("collect.pattern", "is required with format 'pattern': a regular expression with one group "
                    + "around the value, e.g. 'elapsed: ([0-9.]+) s'")
                    : fields.error("collect.format", "is '" + format + "', but a pattern is given; leave the format out or make it 'pattern'");
        }
        return new ResultFile(file, format, regex == null ? null : pattern(regex));
    }

    private static final int MAX_PATTERN = 500;

    private Pattern pattern(String regex) {
        Pattern compiled;
        if (regex.length() > MAX_PATTERN) {
            throw fields.error("collect.pattern", "is longer than " + MAX_PATTERN + " characters");
        }
        try {
            compiled = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw fields.error("collect.pattern", "is not a valid regular expression: " + e.getDescription() + " near position " + e.getIndex());
        }
        if (compiled.matcher("").groupCount() != 1) {
            throw fields.error("collect.pattern", "must have exactly one group, around the value, e.g. 'elapsed: ([0-9.]+) s'; it has "
                    + compiled.matcher("").groupCount());
        }
        return compiled;
    }
}
