package org.hpcsweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Expected values computed independently with Python 3, scipy 1.17.1: scipy.stats.t.interval(0.95, n-1, loc=mean, scale=sem). */
class ConfidenceTest {

    @Test
    void should_give_the_student_t_interval_of_the_mean_of_four_repeats() {
        // scipy.stats.t.ppf(0.975, 3) and t.interval over [10, 12, 11, 13]; numpy std(ddof=1)
        assertEquals(3.1824463052837078, Confidence.tQuantile(3), 1e-10);
        List<Double> v = List.of(10.0, 12.0, 11.0, 13.0);
        assertEquals(1.2909944487358056, Confidence.standardDeviation(v), 1e-12);
        double[] ci = Confidence.ofMean(v);
        assertEquals(9.445739743239479, ci[0], 1e-9);
        assertEquals(13.554260256760521, ci[1], 1e-9);
    }

    @Test
    void should_give_no_interval_below_three_repeats() {
        assertNull(Confidence.ofMean(List.of(1.0, 2.0)));
        assertNull(Confidence.ofMean(List.of(1.0)));
    }

    @Test
    void should_summarise_a_points_repeats_with_median_range_and_interval() {
        // [10, 12, 30]: mean 17.333..., sd 11.015141094572204, t.interval -> (-10.02979405994429, 44.69646072661095)
        SampleStats s = SampleStats.of(List.of(10.0, 30.0, 12.0));
        assertEquals(12.0, s.median());
        assertEquals(10.0, s.min());
        assertEquals(30.0, s.max());
        assertEquals(17.333333333333332, s.mean(), 1e-12);
        assertEquals(11.015141094572204, s.stdDev(), 1e-12);
        assertEquals(-10.02979405994429, s.ciLow(), 1e-9);
        assertEquals(44.69646072661095, s.ciHigh(), 1e-9);
        assertEquals(10.0, s.barLow(), 0.0, "an interval below 0 s bounds nothing: the bar is min–max");
        SampleStats tight = SampleStats.of(List.of(10.0, 12.0, 11.0, 13.0));
        assertEquals(9.445739743239479, tight.barLow(), 1e-9, "four repeats: the error bar is the interval");
        assertEquals(13.554260256760521, tight.barHigh(), 1e-9);
    }

    @Test
    void should_draw_min_to_max_when_two_repeats_give_no_interval() {
        SampleStats s = SampleStats.of(List.of(4.0, 6.0));
        assertFalse(s.hasInterval());
        assertEquals(5.0, s.median());
        assertEquals(4.0, s.barLow());
        assertEquals(6.0, s.barHigh());
    }
}
