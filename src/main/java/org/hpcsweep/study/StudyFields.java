package org.hpcsweep.study;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Typed reads of a study file's values, each failing with a {@link StudyFileException} that names the
 * file, the line and the key: what {@link StudyFile} checks the study's meaning with. Independent
 * reads go through {@link #attempt}, so that a file with several mistakes is answered with all of
 * them at once rather than one per try.
 */
final class StudyFields {
    private final String source;
    private final YamlLines lines;
    private final List<String> problems = new ArrayList<>();

    StudyFields(String source, YamlLines lines) {
        this.source = source;
        this.lines = lines;
    }

    void requireObject(JsonNode node, String path, Set<String> allowed) {
        if (!node.isObject()) {
            throw error(path.isEmpty() ? "" : path, "must be a mapping of keys to values, not " + describe(node));
        }
        // Every unknown key is a problem of its own; the known ones are still read.
        node.fieldNames().forEachRemaining(key -> {
            if (!allowed.contains(key)) {
                String full = path.isEmpty() ? key : path + "." + key;
                problems.add(error(full, "is not a known key; allowed here: " + allowed.stream().sorted().toList()).getMessage());
            }
        });
    }

    /**
     * One read that does not depend on the others: its mistake is kept and {@code fallback} returned,
     * so the reads after it still run and report theirs.
     */
    <T> T attempt(Supplier<T> read, T fallback) {
        try {
            return read.get();
        } catch (StudyFileException e) {
            problems.add(e.getMessage());
            return fallback;
        }
    }

    int problemCount() {
        return problems.size();
    }

    /** Ends the reading: every problem kept so far, in file order of the reads, as one exception. */
    void throwProblems() {
        if (!problems.isEmpty()) {
            throw new StudyFileException(source, problems);
        }
    }

    String requiredText(JsonNode parent, String path) {
        String text = optionalText(parent, path, null);
        if (text == null) {
            throw error(path, "is required");
        }
        return text;
    }

    String optionalText(JsonNode parent, String path, String fallback) {
        JsonNode node = parent.get(leaf(path));
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isTextual() && !node.isNumber()) {
            throw error(path, "must be text, not " + describe(node));
        }
        return node.asText();
    }

    int optionalInt(JsonNode parent, String path, int fallback) {
        JsonNode node = parent.get(leaf(path));
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw error(path, "must be a whole number, not " + describe(node));
        }
        return node.intValue();
    }

    double optionalNumber(JsonNode parent, String path, double fallback) {
        JsonNode node = parent.get(leaf(path));
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isNumber()) {
            throw error(path, "must be a number, not " + describe(node));
        }
        return node.doubleValue();
    }

    boolean optionalBoolean(JsonNode parent, String path, boolean fallback) {
        JsonNode node = parent.get(leaf(path));
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isBoolean()) {
            throw error(path, "must be true or false, not " + describe(node));
        }
        return node.booleanValue();
    }

    private static String leaf(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    static String describe(JsonNode node) {
        if (node.isTextual()) {
            return "the text '" + node.asText() + "'";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isNull()) {
            return "nothing";
        }
        return node.getNodeType().name().toLowerCase() + " " + node.asText();
    }

    StudyFileException error(String key, String problem) {
        int line = lines.lineOf(key);
        String where = source + (line > 0 ? " line " + line : "");
        return new StudyFileException(key.isEmpty()
                ? where + ": the study file " + problem
                : where + ": '" + key + "' " + problem);
    }
}
