package org.hpcsweep.study;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * Typed reads of a study file's values, each failing with a {@link StudyFileException} that names the
 * file, the line and the key: what {@link StudyFile} checks the study's meaning with.
 */
final class StudyFields {
    private final String source;
    private final YamlLines lines;

    StudyFields(String source, YamlLines lines) {
        this.source = source;
        this.lines = lines;
    }

    void requireObject(JsonNode node, String path, Set<String> allowed) {
        if (!node.isObject()) {
            throw error(path.isEmpty() ? "" : path, "must be a mapping of keys to values, not " + describe(node));
        }
        node.fieldNames().forEachRemaining(key -> {
            if (!allowed.contains(key)) {
                String full = path.isEmpty() ? key : path + "." + key;
                throw error(full, "is not a known key; allowed here: " + allowed.stream().sorted().toList());
            }
        });
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
