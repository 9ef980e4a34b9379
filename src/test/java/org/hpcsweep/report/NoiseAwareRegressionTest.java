package org.hpcsweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The 95 % intervals quoted are scipy.stats.t.interval(0.95, n-1, loc=mean, scale=sem) of the samples
 * (Python 3, scipy 1.17.1).
 */
class NoiseAwareRegressionTest {

    private static NoiseAwareRegression.Findings compare(List<Double> before, List<Double> now) {
        return NoiseAwareRegression.compare(Map.of("n=5", Map.of(4, before)), Map.of("n=5", Map.of(4, now)), 0.10);
    }

    @Test
    void should_flag_a_slowdown_whose_intervals_do_not_overlap() {
        // before [9.654, 10.413], now [11.408, 12.658]
        NoiseAwareRegression.Findings f = compare(List.of(10.0, 10.2, 9.9), List.of(12.0, 12.3, 11.8));
        assertEquals(1, f.regressions().size(), f.toString());
        assertTrue(f.regressions().get(0).startsWith("n=5, p = 4: median time 12.00 s, was 10.00 s (+20 %)"),
                f.regressions().get(0));
        assertTrue(f.regressions().get(0).contains("[11.41, 12.66] s, was [9.654, 10.41] s"), f.regressions().get(0));
    }

    @Test
    void should_not_flag_a_slower_median_within_the_noise() {
        // before [3.078, 18.26], now [4.548, 19.45]: the median is 20 % slower, the intervals overlap
        NoiseAwareRegression.Findings f = compare(List.of(10.0, 14.0, 8.0), List.of(12.0, 15.0, 9.0));
        assertTrue(f.regressions().isEmpty(), f.toString());
        assertTrue(f.undecided().isEmpty());
    }

    @Test
    void should_not_flag_a_real_but_negligible_slowdown() {
        // before [9.985, 10.035], now [10.485, 10.535]: beyond noise, but 5 % is below the 10 % minimum
        assertTrue(compare(List.of(10.0, 10.01, 10.02), List.of(10.5, 10.51, 10.52)).regressions().isEmpty());
    }

    @Test
    void should_say_not_enough_repeats_to_tell_with_a_single_sample_on_either_side() {
        NoiseAwareRegression.Findings f = compare(List.of(3.0), List.of(4.1, 4.2, 4.0));
        assertTrue(f.regressions().isEmpty());
        assertEquals(List.of("n=5, p = 4: 1 repeat before, 3 now (3 each are needed)"), f.undecided());
    }
}
