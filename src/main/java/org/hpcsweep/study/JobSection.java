package org.hpcsweep.study;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code job:} section of a study file: how each job is built. */
final class JobSection {
    static final Set<String> KEYS = Set.of("name", "command", "analysis", "version", "coreType",
            "slots", "walltime", "expectedRuntime", "useMpi", "env", "retries", "rawPlaceholders", "slurm");
    private static final Set<String> SLURM_KEYS = Set.of("partition", "account", "qos", "constraint");
    /** A run time with its unit: {@code 90s}, {@code 5m}, {@code 1.5h}. */
    private static final Pattern DURATION = Pattern.compile("\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([smh])\\s*");
    private final StudyFields fields;

    JobSection(StudyFields fields) {
        this.fields = fields;
    }

    JobTemplate read(JsonNode node, String studyName) {
        if (node == null || node.isNull()) {
            throw fields.error("job", "is required: at least 'job.command', e.g. command: \"./run.sh {procs}\"");
        }
        int problemsBefore = fields.problemCount();
        fields.requireObject(node, "job", KEYS);
        // Each key is read on its own, so every mistake of the section is reported at once.
        String command = fields.attempt(() -> command(node), null);
        String name = fields.attempt(() -> fields.optionalText(node, "job.name", studyName + " p={procs}"), null);
        String analysis = fields.attempt(() -> fields.optionalText(node, "job.analysis", "shell"), "shell");
        String version = fields.attempt(() -> version(node, analysis), null);
        String coreType = fields.attempt(() -> fields.optionalText(node, "job.coreType", "local"), null);
        int slots = fields.attempt(() -> slots(node), 1);
        double walltime = fields.attempt(() -> walltime(node), 1.0);
        long expectedRunMillis = fields.attempt(() -> expectedRunMillis(node.get("expectedRuntime"), walltime), 0L);
        boolean useMpi = fields.attempt(() -> fields.optionalBoolean(node, "job.useMpi", false), false);
        int retries = fields.attempt(() -> retries(node), 0);
        Map<String, String> env = env(node.get("env"));
        boolean rawPlaceholders = fields.attempt(() -> fields.optionalBoolean(node, "job.rawPlaceholders", false), false);
        Map<String, String> slurm = fields.attempt(() -> slurm(node.get("slurm")), Map.of());
        if (fields.problemCount() > problemsBefore) {
            return null; // its mistakes are kept with the others; the study file is refused at its end
        }
        return new JobTemplate(name, command, analysis, version, coreType, slots, walltime, useMpi, Map.copyOf(env), retries,
                rawPlaceholders, Map.copyOf(slurm), expectedRunMillis);
    }

    private String command(JsonNode node) {
        String command = fields.requiredText(node, "job.command");
        if (command.isBlank()) {
            throw fields.error("job.command", "is blank");
        }
        return command;
    }

    private String version(JsonNode node, String analysis) {
        String version = fields.optionalText(node, "job.version", analysis.equals("shell") ? "5" : null);
        if (version == null) {
            throw fields.error("job.version", "is required when job.analysis is '" + analysis + "' (the platform's software version)");
        }
        return version;
    }

    private int slots(JsonNode node) {
        int slots = fields.optionalInt(node, "job.slots", 1);
        if (slots < 1) {
            throw fields.error("job.slots", "must be at least 1, not " + slots);
        }
        return slots;
    }

    private double walltime(JsonNode node) {
        double walltime = fields.optionalNumber(node, "job.walltime", 1.0);
        if (!(walltime > 0) || walltime > 24 * 30) {
            throw fields.error("job.walltime", "must be a number of hours above 0 and at most 720, not " + walltime);
        }
        return walltime;
    }

    private int retries(JsonNode node) {
        int retries = fields.optionalInt(node, "job.retries", 0);
        if (retries < 0 || retries > 10) {
            throw fields.error("job.retries", "must be a whole number from 0 to 10 (new tries of a job that failed), not " + retries);
        }
        return retries;
    }

    /** Each variable on its own: a bad name and a bad value elsewhere are both reported. */
    private Map<String, String> env(JsonNode envNode) {
        Map<String, String> env = new LinkedHashMap<>();
        if (envNode == null || envNode.isNull()) {
            return env;
        }
        if (!envNode.isObject()) {
            fields.attempt(() -> {
                throw fields.error("job.env", "must map variable names to values, not " + StudyFields.describe(envNode));
            }, null);
            return env;
        }
        envNode.fields().forEachRemaining(e -> fields.attempt(() -> {
            if (!e.getKey().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw fields.error("job.env." + e.getKey(), "is not a valid environment variable name");
            }
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw fields.error("job.env." + e.getKey(), "must be a plain value, not " + StudyFields.describe(e.getValue()));
            }
            return env.put(e.getKey(), e.getValue().asText());
        }, null));
        return env;
    }

    private Map<String, String> slurm(JsonNode slurmNode) {
        Map<String, String> slurm = new LinkedHashMap<>();
        if (slurmNode != null && !slurmNode.isNull()) {
            fields.requireObject(slurmNode, "job.slurm", SLURM_KEYS);
            for (String key : SLURM_KEYS) {
                String value = fields.optionalText(slurmNode, "job.slurm." + key, null);
                if (value != null && !value.isBlank()) {
                    slurm.put(key, value.strip());
                }
            }
        }
        return slurm;
    }

    /**
     * {@code job.expectedRuntime}: how long a job is expected to run, as hours like walltime ({@code 0.5})
     * or with a unit ({@code 90s}, {@code 5m}, {@code 1.5h}); 0 when not given. At most the walltime: a
     * job expected to outlast it would be stopped.
     */
    private long expectedRunMillis(JsonNode node, double walltimeHours) {
        if (node == null || node.isNull()) {
            return 0;
        }
        double hours;
        Matcher m = node.isTextual() ? DURATION.matcher(node.asText()) : null;
        if (node.isNumber()) {
            hours = node.asDouble();
        } else if (m != null && m.matches()) {
            double amount = Double.parseDouble(m.group(1));
            hours = switch (m.group(2)) {
                case "s" -> amount / 3600;
                case "m" -> amount / 60;
                default -> amount;
            };
        } else {
            throw fields.error("job.expectedRuntime", "must be hours like walltime (0.5) or a time with its unit (90s, 5m, 1.5h), not "
                    + StudyFields.describe(node));
        }
        long millis = Math.round(hours * 3_600_000);
        if (millis <= 0 || hours > walltimeHours) {
            throw fields.error("job.expectedRuntime", "must be above 0 and at most job.walltime (" + walltimeHours + " h), not "
                    + node.asText() + (node.isNumber() ? " h" : ""));
        }
        return millis;
    }
}
