package org.hpcsweep.report;

import java.util.Comparator;
import java.util.Optional;

import org.hpcsweep.study.CostRate;

/**
 * Which point of a series to run at: the fastest (lowest median time), and the cheapest (lowest cost)
 * among the points whose efficiency (E_p, or E_w in weak scaling) reaches the target of {@code cost:}.
 */
public final class CostChoice {

    private CostChoice() {
    }

    public static Optional<ScalingMetrics.Point> fastest(ScalingMetrics m) {
        return m.points().stream().min(Comparator.comparingDouble(ScalingMetrics.Point::seconds));
    }

    /** Empty without a price, or when no point with a known cost reaches the target efficiency. */
    public static Optional<ScalingMetrics.Point> cheapest(ScalingMetrics m, CostRate rate) {
        if (rate == null) {
            return Optional.empty();
        }
        return m.points().stream()
                .filter(p -> p.cost() != null && p.efficiency() >= rate.targetEfficiency())
                .min(Comparator.comparingDouble(ScalingMetrics.Point::cost));
    }
}
