package org.hpcsweep.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import org.hpcsweep.study.CostRate;
import org.hpcsweep.study.JobOutcome;
import org.hpcsweep.study.Scaling;
import org.hpcsweep.study.StudyOutcome;

/**
 * A study's metrics, series by series: each combination of the non-processor parameters is scaled
 * against its own baseline. A study without parameters is one series, {@link SeriesKey#NONE}.
 */
public final class StudyMetrics {

    private final List<String> parameters;
    private final Scaling scaling;
    private final CostRate cost;
    private final SortedMap<SeriesKey, ScalingMetrics> series;
    private final SortedSet<Integer> allProcs;

    private StudyMetrics(List<String> parameters, Scaling scaling, CostRate cost,
                         SortedMap<SeriesKey, ScalingMetrics> series, SortedSet<Integer> allProcs) {
        this.parameters = parameters;
        this.scaling = scaling;
        this.cost = cost;
        this.series = series;
        this.allProcs = allProcs;
    }

    public static StudyMetrics of(StudyOutcome outcome) {
        List<String> names = outcome.series() == null ? List.of() : List.copyOf(outcome.series());
        Scaling scaling = outcome.scaling() == null ? Scaling.STRONG : outcome.scaling();
        List<JobOutcome> jobs = outcome.jobs() == null ? List.of() : outcome.jobs();
        Map<SeriesKey, List<JobOutcome>> bySeries = new TreeMap<>();
        SortedSet<Integer> procs = new TreeSet<>();
        for (JobOutcome job : jobs) {
            bySeries.computeIfAbsent(SeriesKey.of(names, job), k -> new ArrayList<>()).add(job);
            procs.add(job.procs());
        }
        SortedMap<SeriesKey, ScalingMetrics> metrics = new TreeMap<>();
        bySeries.forEach((key, list) -> metrics.put(key, ScalingMetrics.of(list, scaling, outcome.cost())));
        return new StudyMetrics(names, scaling, outcome.cost(), Collections.unmodifiableSortedMap(metrics),
                Collections.unmodifiableSortedSet(procs));
    }

    /** The series parameters' names, in study-file order: the CSV's first columns. */
    public List<String> parameters() {
        return parameters;
    }

    public Scaling scaling() {
        return scaling;
    }

    /** The price of a core-hour, or null. */
    public CostRate cost() {
        return cost;
    }

    /** Each series' metrics, in series order (numbers by value). */
    public SortedMap<SeriesKey, ScalingMetrics> series() {
        return series;
    }

    public ScalingMetrics of(SeriesKey key) {
        return series.get(key);
    }

    /** Every processor count of the study, timed or not, so the charts show failed ones as gaps. */
    public SortedSet<Integer> allProcs() {
        return allProcs;
    }

    public boolean hasTimes() {
        return series.values().stream().anyMatch(ScalingMetrics::hasTimes);
    }

    /** True when some point has several timed jobs. */
    public boolean usesMedian() {
        return series.values().stream().anyMatch(ScalingMetrics::usesMedian);
    }

    /** True when some point has the 3 repeats a confidence interval needs. */
    public boolean hasIntervals() {
        return series.values().stream().flatMap(m -> m.points().stream()).anyMatch(p -> p.time().hasInterval());
    }

    /** The legend name of a series: "Measured" alone, else its label. */
    public String legendName(SeriesKey key) {
        return series.size() == 1 && key.values().isEmpty() ? ScalingCharts.MEASURED : key.label();
    }
}
