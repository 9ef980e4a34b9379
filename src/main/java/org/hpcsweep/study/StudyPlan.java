package org.hpcsweep.study;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * Expands a study's matrix (processors × each parameter's values) into one {@link JobSpec} per point
 * and repeat. Processors vary slowest, so jobs of one processor count stay together in the report;
 * a point's repeats are next to each other.
 */
public final class StudyPlan {

    private StudyPlan() {
    }

    /** How many jobs {@link #jobs} would make, counted without making them (saturating at Long.MAX_VALUE). */
    public static long jobCount(Study study) {
        long count = 1;
        for (long factor : factors(study)) {
            count = factor != 0 && count > Long.MAX_VALUE / factor ? Long.MAX_VALUE : count * factor;
        }
        return count;
    }

    /** The matrix as a product, e.g. {@code 3 x 100 x 100 = 30,000}: processor counts, each parameter's values, repeats. */
    public static String describeSize(Study study) {
        StringBuilder text = new StringBuilder();
        for (long factor : factors(study)) {
            text.append(text.isEmpty() ? "" : " x ").append(String.format(java.util.Locale.ROOT, "%,d", factor));
        }
        return text + " = " + String.format(java.util.Locale.ROOT, "%,d", jobCount(study));
    }

    private static List<Long> factors(Study study) {
        List<Long> factors = new ArrayList<>();
        factors.add((long) study.processors().size());
        study.parameters().values().forEach(values -> factors.add((long) values.size()));
        if (study.repeats() > 1) {
            factors.add((long) study.repeats());
        }
        return factors;
    }

    public static List<JobSpec> jobs(Study study) {
        List<Map<String, String>> points = new ArrayList<>();
        for (int procs : study.processors()) {
            Map<String, String> point = new LinkedHashMap<>();
            point.put("procs", Integer.toString(procs));
            points.add(point);
        }
        for (Map.Entry<String, List<String>> parameter : study.parameters().entrySet()) {
            List<Map<String, String>> expanded = new ArrayList<>();
            for (Map<String, String> point : points) {
                for (String value : parameter.getValue()) {
                    Map<String, String> next = new LinkedHashMap<>(point);
                    next.put(parameter.getKey(), value);
                    expanded.add(next);
                }
            }
            points = expanded;
        }
        List<JobSpec> jobs = new ArrayList<>(points.size() * study.repeats());
        for (Map<String, String> point : points) {
            for (int repeat = 1; repeat <= study.repeats(); repeat++) {
                int index = jobs.size();
                Map<String, String> values = new LinkedHashMap<>(point);
                values.put("study", study.name());
                values.put("index", Integer.toString(index));
                values.put("repeat", Integer.toString(repeat));
                JobTemplate t = study.job();
                Map<String, String> env = new LinkedHashMap<>();
                t.env().forEach((k, v) -> env.put(k, fill(v, values)));
                jobs.add(new JobSpec(index, Integer.parseInt(point.get("procs")), Collections.unmodifiableMap(point),
                        fill(t.name(), values), fill(t.command(), t.rawPlaceholders() ? values : shellQuoted(values)),
                        Collections.unmodifiableMap(env), repeat));
            }
        }
        return List.copyOf(jobs);
    }

    /**
     * The values as single words for the shell: a parameter value is data, and {@code $(touch x)} or
     * {@code ; rm -r ~} in a study file must not run as a command. Values of only safe characters
     * (numbers, names, paths) stay as they are, so {@code workload.sh {procs}} still reads
     * {@code workload.sh 2}; any other is single-quoted, a {@code '} in it written {@code '\''}.
     */
    static Map<String, String> shellQuoted(Map<String, String> values) {
        Map<String, String> quoted = new LinkedHashMap<>();
        values.forEach((k, v) -> quoted.put(k, v.matches("[A-Za-z0-9_@%+=:,./-]+") ? v : "'" + v.replace("'", "'\\''") + "'"));
        return quoted;
    }

    /** Fills {@code {name}} placeholders; the study file reader has already refused unknown ones. */
    static String fill(String template, Map<String, String> values) {
        Matcher m = StudyFile.PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(values.get(m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }
}
