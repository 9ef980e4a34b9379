package org.hpcsweep.study;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a study file ({@code study.yaml}) strictly: every key must be known, every value of the
 * right type and range, every placeholder defined. A mistake is a {@link StudyFileException} that
 * names the file, line and key; nothing is guessed.
 */
public final class StudyFile {

    /** {@code {name}} not preceded by {@code $}, so shell's {@code ${HOME}} and {@code {a,b}} pass through. */
    static final Pattern PLACEHOLDER = Pattern.compile("(?<!\\$)\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private static final Set<String> TOP_KEYS = Set.of("name", "processors", "parameters", "job", "collect", "charts", "deadline");
    private static final Set<String> JOB_KEYS = Set.of("name", "command", "analysis", "version", "coreType",
            "slots", "walltime", "useMpi", "env", "retries");
    private static final Set<String> COLLECT_KEYS = Set.of("file", "format");
    private static final Set<String> FORMATS = Set.of(ResultFile.PROCS_SECONDS, ResultFile.SECONDS);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,79}");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final String source;
    private final YamlLines lines;

    private StudyFile(String source, YamlLines lines) {
        this.source = source;
        this.lines = lines;
    }

    /**
     * @param text   the study file's content
     * @param source how to name it in errors, e.g. {@code scaling.zip!/study.yaml}
     */
    public static Study parse(String text, String source) {
        JsonNode root;
        YamlLines lines;
        try {
            root = YAML.readTree(text);
            lines = YamlLines.of(text);
        } catch (JacksonException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new StudyFileException(source + (line > 0 ? " line " + line : "")
                    + ": not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new StudyFileException(source + ": cannot be read: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new StudyFileException(source + ": is empty; it needs at least 'name', 'processors' and 'job.command'");
        }
        return new StudyFile(source, lines).study(root);
    }

    private Study study(JsonNode root) {
        requireObject(root, "", TOP_KEYS);
        String name = requiredText(root, "name");
        if (!NAME.matcher(name).matches()) {
            throw error("name", "'" + name + "' is not a usable study name: use letters, digits, '.', '_' or '-' "
                    + "(it names the output folder), at most 80 characters");
        }
        List<Integer> processors = processors(root.get("processors"));
        Map<String, List<String>> parameters = parameters(root.get("parameters"));
        JobTemplate job = job(root.get("job"), name);
        checkPlaceholders(job, parameters.keySet());
        ResultFile collect = collect(root.get("collect"));
        List<String> charts = charts(root.get("charts"));
        double deadline = optionalNumber(root, "deadline", 0);
        if (deadline < 0 || root.has("deadline") && !(deadline > 0)) {
            throw error("deadline", "must be a number of hours above 0, not " + root.get("deadline").asText());
        }
        return new Study(name, processors, parameters, job, collect, charts, deadline);
    }

    private List<Integer> processors(JsonNode node) {
        if (node == null || node.isNull()) {
            throw error("processors", "is required: a list of processor counts, e.g. [1, 2, 4, 8]");
        }
        if (!node.isArray()) {
            throw error("processors", "must be a list of processor counts, e.g. [1, 2, 4, 8], not " + describe(node));
        }
        if (node.isEmpty()) {
            throw error("processors", "is empty: give at least one processor count");
        }
        List<Integer> counts = new ArrayList<>();
        Set<Integer> seen = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            String key = "processors[" + i + "]";
            if (!item.isIntegralNumber() || !item.canConvertToInt()) {
                throw error(key, "must be a whole number of processors, not " + describe(item));
            }
            int p = item.intValue();
            if (p < 1) {
                throw error(key, "must be at least 1, not " + p);
            }
            if (!seen.add(p)) {
                throw error(key, p + " is listed twice");
            }
            counts.add(p);
        }
        return List.copyOf(counts);
    }

    private Map<String, List<String>> parameters(JsonNode node) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return parameters;
        }
        if (!node.isObject()) {
            throw error("parameters", "must map each parameter name to a list of values, not " + describe(node));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String key = "parameters." + entry.getKey();
            if (!PLACEHOLDER.matcher("{" + entry.getKey() + "}").matches()) {
                throw error(key, "is not a usable parameter name: use letters, digits and '_'");
            }
            if (entry.getKey().equals("procs") || entry.getKey().equals("study") || entry.getKey().equals("index")) {
                throw error(key, "is a reserved placeholder name (procs, study, index)");
            }
            JsonNode values = entry.getValue();
            if (!values.isArray() || values.isEmpty()) {
                throw error(key, "must be a non-empty list of values, not " + describe(values));
            }
            List<String> list = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                JsonNode value = values.get(i);
                if (!value.isValueNode() || value.isNull()) {
                    throw error(key + "[" + i + "]", "must be a plain value (number or text), not " + describe(value));
                }
                list.add(value.asText());
            }
            parameters.put(entry.getKey(), List.copyOf(list));
        }
        return parameters;
    }

    private JobTemplate job(JsonNode node, String studyName) {
        if (node == null || node.isNull()) {
            throw error("job", "is required: at least 'job.command', e.g. command: \"./run.sh {procs}\"");
        }
        requireObject(node, "job", JOB_KEYS);
        String command = requiredText(node, "job.command");
        if (command.isBlank()) {
            throw error("job.command", "is blank");
        }
        String name = optionalText(node, "job.name", studyName + " p={procs}");
        String analysis = optionalText(node, "job.analysis", "shell");
        String version = optionalText(node, "job.version", analysis.equals("shell") ? "5" : null);
        if (version == null) {
            throw error("job.version", "is required when job.analysis is '" + analysis + "' (the platform's software version)");
        }
        String coreType = optionalText(node, "job.coreType", "local");
        int slots = optionalInt(node, "job.slots", 1);
        if (slots < 1) {
            throw error("job.slots", "must be at least 1, not " + slots);
        }
        double walltime = optionalNumber(node, "job.walltime", 1.0);
        if (!(walltime > 0) || walltime > 24 * 30) {
            throw error("job.walltime", "must be a number of hours above 0 and at most 720, not " + walltime);
        }
        boolean useMpi = optionalBoolean(node, "job.useMpi", false);
        int retries = optionalInt(node, "job.retries", 0);
        if (retries < 0 || retries > 10) {
            throw error("job.retries", "must be a whole number from 0 to 10 (new tries of a job that failed), not " + retries);
        }
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode envNode = node.get("env");
        if (envNode != null && !envNode.isNull()) {
            if (!envNode.isObject()) {
                throw error("job.env", "must map variable names to values, not " + describe(envNode));
            }
            envNode.fields().forEachRemaining(e -> {
                if (!e.getKey().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw error("job.env." + e.getKey(), "is not a valid environment variable name");
                }
                if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                    throw error("job.env." + e.getKey(), "must be a plain value, not " + describe(e.getValue()));
                }
                env.put(e.getKey(), e.getValue().asText());
            });
        }
        return new JobTemplate(name, command, analysis, version, coreType, slots, walltime, useMpi, Map.copyOf(env), retries);
    }

    private void checkPlaceholders(JobTemplate job, Set<String> parameterNames) {
        Set<String> known = new LinkedHashSet<>(List.of("procs", "study", "index"));
        known.addAll(parameterNames);
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("job.name", job.name());
        texts.put("job.command", job.command());
        job.env().forEach((k, v) -> texts.put("job.env." + k, v));
        texts.forEach((key, text) -> {
            Matcher m = PLACEHOLDER.matcher(text);
            while (m.find()) {
                if (!known.contains(m.group(1))) {
                    throw error(key, "uses the unknown placeholder {" + m.group(1) + "}; known are "
                            + known.stream().map(k -> "{" + k + "}").toList()
                            + " (declare further ones under 'parameters')");
                }
            }
        });
    }

    private ResultFile collect(JsonNode node) {
        if (node == null || node.isNull()) {
            return new ResultFile("comp_time.log", ResultFile.PROCS_SECONDS);
        }
        requireObject(node, "collect", COLLECT_KEYS);
        String file = optionalText(node, "collect.file", "comp_time.log");
        if (file.isBlank() || file.contains("..") || file.startsWith("/")) {
            throw error("collect.file", "must be a file name inside the job's work dir, not '" + file + "'");
        }
        String format = optionalText(node, "collect.format", ResultFile.PROCS_SECONDS);
        if (!FORMATS.contains(format)) {
            throw error("collect.format", "'" + format + "' is not a known format; use one of " + FORMATS);
        }
        return new ResultFile(file, format);
    }

    private List<String> charts(JsonNode node) {
        if (node == null || node.isNull()) {
            return Study.ALL_CHARTS;
        }
        if (!node.isArray()) {
            throw error("charts", "must be a list, e.g. " + Study.ALL_CHARTS + ", not " + describe(node));
        }
        List<String> charts = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String chart = node.get(i).asText();
            if (!node.get(i).isTextual() || !Study.ALL_CHARTS.contains(chart)) {
                throw error("charts[" + i + "]", "'" + chart + "' is not a chart hpc-sweep draws; use any of " + Study.ALL_CHARTS);
            }
            charts.add(chart);
        }
        return List.copyOf(charts);
    }

    private void requireObject(JsonNode node, String path, Set<String> allowed) {
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

    private String requiredText(JsonNode parent, String path) {
        String text = optionalText(parent, path, null);
        if (text == null) {
            throw error(path, "is required");
        }
        return text;
    }

    private String optionalText(JsonNode parent, String path, String fallback) {
        JsonNode node = parent.get(leaf(path));
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isTextual() && !node.isNumber()) {
            throw error(path, "must be text, not " + describe(node));
        }
        return node.asText();
    }

    private int optionalInt(JsonNode parent, String path, int fallback) {
        JsonNode node = parent.get(leaf(path));
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw error(path, "must be a whole number, not " + describe(node));
        }
        return node.intValue();
    }

    private double optionalNumber(JsonNode parent, String path, double fallback) {
        JsonNode node = parent.get(leaf(path));
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isNumber()) {
            throw error(path, "must be a number, not " + describe(node));
        }
        return node.doubleValue();
    }

    private boolean optionalBoolean(JsonNode parent, String path, boolean fallback) {
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

    private static String describe(JsonNode node) {
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

    private StudyFileException error(String key, String problem) {
        int line = lines.lineOf(key);
        String where = source + (line > 0 ? " line " + line : "");
        return new StudyFileException(key.isEmpty()
                ? where + ": the study file " + problem
                : where + ": '" + key + "' " + problem);
    }
}
