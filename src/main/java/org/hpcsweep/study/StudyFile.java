package org.hpcsweep.study;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
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

    private static final Set<String> TOP_KEYS = Set.of("name", "processors", "parameters", "job", "collect", "charts", "deadline",
            "repeats", "scaling", "cost", "profiles");
    private static final Set<String> COST_KEYS = Set.of("per-core-hour", "currency", "target-efficiency");
    /** Placeholders every job has, besides the study's parameters. */
    static final List<String> BUILT_IN = List.of("procs", "study", "index", "repeat");
    private static final int MAX_REPEATS = 100;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,79}");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final StudyFields fields;
    private final String engine;

    private StudyFile(StudyFields fields, String engine) {
        this.fields = fields;
        this.engine = engine;
    }

    /** The study as no particular engine runs it: its profiles are checked, none is applied. */
    public static Study parse(String text, String source) {
        return parse(text, source, null);
    }

    /**
     * @param text   the study file's content
     * @param source how to name it in errors, e.g. {@code scaling.zip!/study.yaml}
     * @param engine the engine that runs it (hpcsweep.engine): its profile, if the study has one, is applied
     */
    public static Study parse(String text, String source, String engine) {
        JsonNode root;
        YamlLines lines;
        try {
            refuseAliases(text, source);
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
        return new StudyFile(new StudyFields(source, lines), engine).study(root);
    }

    /**
     * Aliases ({@code *name}) are refused: nested ones expand a few hundred bytes into a matrix of
     * millions (billion laughs), and the parser would otherwise read an alias as its anchor's name.
     */
    private static void refuseAliases(String text, String source) throws IOException {
        try (JsonParser parser = YAML.getFactory().createParser(text)) {
            while (parser.nextToken() != null) {
                if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
                    int line = parser.currentTokenLocation().getLineNr();
                    throw new StudyFileException(source + (line > 0 ? " line " + line : "") + ": uses the YAML alias *"
                            + parser.getText() + "; study files may not use aliases: write the values out");
                }
            }
        }
    }

    private Study study(JsonNode root) {
        fields.requireObject(root, "", TOP_KEYS);
        String name = fields.attempt(() -> name(root), null);
        List<Integer> processors = fields.attempt(() -> processors(root.get("processors")), null);
        Map<String, List<String>> parameters = fields.attempt(() -> parameters(root.get("parameters")), null);
        JobTemplate job = fields.attempt(() -> new JobSection(fields).read(Profiles.jobFor(root, engine, fields),
                name == null ? "study" : name), null);
        if (job != null && parameters != null) {
            checkPlaceholders(job, parameters.keySet());
        }
        ResultFile collect = fields.attempt(() -> new CollectSection(fields).read(root.get("collect")), null);
        List<String> charts = fields.attempt(() -> charts(root.get("charts")), null);
        double deadline = fields.attempt(() -> deadline(root), 0.0);
        int repeats = fields.attempt(() -> repeats(root), 1);
        Scaling scaling = fields.attempt(() -> scaling(root), null);
        CostRate cost = fields.attempt(() -> cost(root.get("cost")), null);
        fields.throwProblems();
        return new Study(name, processors, parameters, job, collect, charts, deadline, repeats, scaling, cost);
    }

    private String name(JsonNode root) {
        String name = fields.requiredText(root, "name");
        if (!NAME.matcher(name).matches()) {
            throw fields.error("name", "'" + name + "' is not a usable study name: use letters, digits, '.', '_' or '-' "
                    + "(it names the output folder), at most 80 characters");
        }
        return name;
    }

    private double deadline(JsonNode root) {
        double deadline = fields.optionalNumber(root, "deadline", 0);
        if (deadline < 0 || root.has("deadline") && !(deadline > 0)) {
            throw fields.error("deadline", "must be a number of hours above 0, not " + root.get("deadline").asText());
        }
        return deadline;
    }

    private int repeats(JsonNode root) {
        int repeats = fields.optionalInt(root, "repeats", 1);
        if (repeats < 1 || repeats > MAX_REPEATS) {
            throw fields.error("repeats", "must be a whole number from 1 to " + MAX_REPEATS + " (runs of each point), not " + repeats);
        }
        return repeats;
    }

    private Scaling scaling(JsonNode root) {
        String scaling = fields.optionalText(root, "scaling", "strong");
        return switch (scaling) {
            case "strong" -> Scaling.STRONG;
            case "weak" -> Scaling.WEAK;
            default -> throw fields.error("scaling", "'" + scaling + "' is not a kind of scaling; use strong (the same problem on "
                    + "more processors) or weak (the problem grows with the processors)");
        };
    }

    private CostRate cost(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        fields.requireObject(node, "cost", COST_KEYS);
        if (!node.has("per-core-hour")) {
            throw fields.error("cost.per-core-hour", "is required: the price of one core for one hour, e.g. 0.12");
        }
        double rate = fields.optionalNumber(node, "cost.per-core-hour", 0);
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw fields.error("cost.per-core-hour", "must be a price above 0, not " + node.get("per-core-hour").asText());
        }
        String currency = fields.optionalText(node, "cost.currency", "USD");
        double target = fields.optionalNumber(node, "cost.target-efficiency", 0.7);
        if (!(target > 0) || target > 1) {
            throw fields.error("cost.target-efficiency", "must be above 0 and at most 1, not " + target);
        }
        return new CostRate(rate, currency, target);
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
            if (BUILT_IN.contains(entry.getKey())) {
                throw fields.error(key, "is a reserved placeholder name " + BUILT_IN);
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

    private void checkPlaceholders(JobTemplate job, Set<String> parameterNames) {
        Set<String> known = new LinkedHashSet<>(BUILT_IN);
        known.addAll(parameterNames);
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("job.name", job.name());
        texts.put("job.command", job.command());
        job.env().forEach((k, v) -> texts.put("job.env." + k, v));
        texts.forEach((key, text) -> {
            Matcher m = PLACEHOLDER.matcher(text);
            while (m.find()) {
                String placeholder = m.group(1);
                if (!known.contains(placeholder)) {
                    fields.attempt(() -> {
                        throw fields.error(key, "uses the unknown placeholder {" + placeholder + "}; known are "
                                + known.stream().map(k -> "{" + k + "}").toList()
                                + " (declare further ones under 'parameters')");
                    }, null);
                }
            }
        });
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
