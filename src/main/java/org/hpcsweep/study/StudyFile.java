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

    private final StudyFields fields;

    private StudyFile(StudyFields fields) {
        this.fields = fields;
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
        return new StudyFile(new StudyFields(source, lines)).study(root);
    }

    private Study study(JsonNode root) {
        fields.requireObject(root, "", TOP_KEYS);
        String name = fields.requiredText(root, "name");
        if (!NAME.matcher(name).matches()) {
            throw fields.error("name", "'" + name + "' is not a usable study name: use letters, digits, '.', '_' or '-' "
                    + "(it names the output folder), at most 80 characters");
        }
        List<Integer> processors = processors(root.get("processors"));
        Map<String, List<String>> parameters = parameters(root.get("parameters"));
        JobTemplate job = job(root.get("job"), name);
        checkPlaceholders(job, parameters.keySet());
        ResultFile collect = collect(root.get("collect"));
        List<String> charts = charts(root.get("charts"));
        double deadline = fields.optionalNumber(root, "deadline", 0);
        if (deadline < 0 || root.has("deadline") && !(deadline > 0)) {
            throw fields.error("deadline", "must be a number of hours above 0, not " + root.get("deadline").asText());
        }
        return new Study(name, processors, parameters, job, collect, charts, deadline, 1, Scaling.STRONG, null);
    }

    private List<Integer> processors(JsonNode node) {
        if (node == null || node.isNull()) {
            throw fields.error("processors", "is required: a list of processor counts, e.g. [1, 2, 4, 8]");
        }
        if (!node.isArray()) {
            throw fields.error("processors", "must be a list of processor counts, e.g. [1, 2, 4, 8], not " + StudyFields.describe(node));
        }
        if (node.isEmpty()) {
            throw fields.error("processors", "is empty: give at least one processor count");
        }
        List<Integer> counts = new ArrayList<>();
        Set<Integer> seen = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            String key = "processors[" + i + "]";
            if (!item.isIntegralNumber() || !item.canConvertToInt()) {
                throw fields.error(key, "must be a whole number of processors, not " + StudyFields.describe(item));
            }
            int p = item.intValue();
            if (p < 1) {
                throw fields.error(key, "must be at least 1, not " + p);
            }
            if (!seen.add(p)) {
                throw fields.error(key, p + " is listed twice");
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
            throw fields.error("parameters", "must map each parameter name to a list of values, not " + StudyFields.describe(node));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String key = "parameters." + entry.getKey();
            if (!PLACEHOLDER.matcher("{" + entry.getKey() + "}").matches()) {
                throw fields.error(key, "is not a usable parameter name: use letters, digits and '_'");
            }
            if (entry.getKey().equals("procs") || entry.getKey().equals("study") || entry.getKey().equals("index")) {
                throw fields.error(key, "is a reserved placeholder name (procs, study, index)");
            }
            JsonNode values = entry.getValue();
            if (!values.isArray() || values.isEmpty()) {
                throw fields.error(key, "must be a non-empty list of values, not " + StudyFields.describe(values));
            }
            List<String> list = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                JsonNode value = values.get(i);
                if (!value.isValueNode() || value.isNull()) {
                    throw fields.error(key + "[" + i + "]", "must be a plain value (number or text), not " + StudyFields.describe(value));
                }
                list.add(value.asText());
            }
            parameters.put(entry.getKey(), List.copyOf(list));
        }
        return parameters;
    }

    private JobTemplate job(JsonNode node, String studyName) {
        if (node == null || node.isNull()) {
            throw fields.error("job", "is required: at least 'job.command', e.g. command: \"./run.sh {procs}\"");
        }
        fields.requireObject(node, "job", JOB_KEYS);
        String command = fields.requiredText(node, "job.command");
        if (command.isBlank()) {
            throw fields.error("job.command", "is blank");
        }
        String name = fields.optionalText(node, "job.name", studyName + " p={procs}");
        String analysis = fields.optionalText(node, "job.analysis", "shell");
        String version = fields.optionalText(node, "job.version", analysis.equals("shell") ? "5" : null);
        if (version == null) {
            throw fields.error("job.version", "is required when job.analysis is '" + analysis + "' (the platform's software version)");
        }
        String coreType = fields.optionalText(node, "job.coreType", "local");
        int slots = fields.optionalInt(node, "job.slots", 1);
        if (slots < 1) {
            throw fields.error("job.slots", "must be at least 1, not " + slots);
        }
        double walltime = fields.optionalNumber(node, "job.walltime", 1.0);
        if (!(walltime > 0) || walltime > 24 * 30) {
            throw fields.error("job.walltime", "must be a number of hours above 0 and at most 720, not " + walltime);
        }
        boolean useMpi = fields.optionalBoolean(node, "job.useMpi", false);
        int retries = fields.optionalInt(node, "job.retries", 0);
        if (retries < 0 || retries > 10) {
            throw fields.error("job.retries", "must be a whole number from 0 to 10 (new tries of a job that failed), not " + retries);
        }
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode envNode = node.get("env");
        if (envNode != null && !envNode.isNull()) {
            if (!envNode.isObject()) {
                throw fields.error("job.env", "must map variable names to values, not " + StudyFields.describe(envNode));
            }
            envNode.fields().forEachRemaining(e -> {
                if (!e.getKey().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw fields.error("job.env." + e.getKey(), "is not a valid environment variable name");
                }
                if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                    throw fields.error("job.env." + e.getKey(), "must be a plain value, not " + StudyFields.describe(e.getValue()));
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
                    throw fields.error(key, "uses the unknown placeholder {" + m.group(1) + "}; known are "
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
        fields.requireObject(node, "collect", COLLECT_KEYS);
        String file = fields.optionalText(node, "collect.file", "comp_time.log");
        if (file.isBlank() || file.contains("..") || file.startsWith("/")) {
            throw fields.error("collect.file", "must be a file name inside the job's work dir, not '" + file + "'");
        }
        String format = fields.optionalText(node, "collect.format", ResultFile.PROCS_SECONDS);
        if (!FORMATS.contains(format)) {
            throw fields.error("collect.format", "'" + format + "' is not a known format; use one of " + FORMATS);
        }
        return new ResultFile(file, format);
    }

    private List<String> charts(JsonNode node) {
        if (node == null || node.isNull()) {
            return Study.ALL_CHARTS;
        }
        if (!node.isArray()) {
            throw fields.error("charts", "must be a list, e.g. " + Study.ALL_CHARTS + ", not " + StudyFields.describe(node));
        }
        List<String> charts = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String chart = node.get(i).asText();
            if (!node.get(i).isTextual() || !Study.ALL_CHARTS.contains(chart)) {
                throw fields.error("charts[" + i + "]", "'" + chart + "' is not a chart hpc-sweep draws; use any of " + Study.ALL_CHARTS);
            }
            charts.add(chart);
        }
        return List.copyOf(charts);
    }
}
