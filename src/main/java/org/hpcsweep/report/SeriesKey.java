package org.hpcsweep.report;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hpcsweep.study.JobOutcome;

/**
 * One combination of the study's parameters other than the processor count: one series, one curve,
 * its own baseline (dividing n=20000's time by n=5000's says nothing about scaling).
 *
 * @param values parameter name to value, in study-file order; empty for a study without parameters
 */
public record SeriesKey(Map<String, String> values) implements Comparable<SeriesKey> {

    public static final SeriesKey NONE = new SeriesKey(Map.of());

    public SeriesKey {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The job's series: its value of each series parameter ("" where its point lacks one). */
    public static SeriesKey of(List<String> names, JobOutcome job) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : names == null ? List.<String>of() : names) {
            String v = job.point() == null ? null : job.point().get(name);
            values.put(name, v == null ? "" : v);
        }
        return new SeriesKey(values);
    }

    /** "size=10, n=5" as the legends and tables name it; "all jobs" for a study without parameters. */
    public String label() {
        if (values.isEmpty()) {
            return "all jobs";
        }
        StringBuilder s = new StringBuilder();
        values.forEach((k, v) -> s.append(s.length() == 0 ? "" : ", ").append(k).append('=').append(v));
        return s.toString();
    }

    /** Parameter by parameter, numbers by value (so size=10 comes before size=40), else as text. */
    @Override
    public int compareTo(SeriesKey other) {
        var mine = List.copyOf(values.values());
        var theirs = List.copyOf(other.values.values());
        for (int i = 0; i < Math.min(mine.size(), theirs.size()); i++) {
            int c = compareValues(mine.get(i), theirs.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(mine.size(), theirs.size());
    }

    private static int compareValues(String a, String b) {
        try {
            return new BigDecimal(a.trim()).compareTo(new BigDecimal(b.trim()));
        } catch (NumberFormatException e) {
            return a.compareTo(b);
        }
    }
}
