package org.hpcsweep.operations;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.hpcsweep.study.JobState;
import org.hpcsweep.flow.RunRegistry;
import org.hpcsweep.study.TrackedJob;

/**
 * The service's own gauges and counters for Prometheus: studies running, their jobs by state,
 * retries of platform calls and how many of them were the platform throttling (429), and whether
 * calls to a platform that looks down are being held back.
 */
public final class ServiceGauges {
    private final Counter retries;
    private final Counter throttled;

    /**
     * @param finished how many jobs the store holds as collected in a terminal state (over every run, so
     *                 a counter that survives restarts: rate() gives jobs succeeded or failed per hour)
     */
    public ServiceGauges(MeterRegistry registry, RunRegistry runs, PlatformBreaker breaker, java.util.function.ToLongFunction<JobState> finished) {
        Gauge.builder("hpcsweep.platform.circuit.open", breaker, b -> b.isOpen() ? 1 : 0)
                .description("1 while calls to a platform that looks down are held back").register(registry);
        Gauge.builder("hpcsweep.studies.running", runs, r -> r.all().size()).description("Study runs in progress").register(registry);
        for (JobState state : JobState.values()) {
            Gauge.builder("hpcsweep.jobs", runs, r -> r.all().stream().flatMap(run -> run.getJobs().stream())
                            .map(TrackedJob::getState).filter(state::equals).count())
                    .description("Jobs of running studies by state").tag("state", state.name()).register(registry);
        }
        for (JobState state : JobState.values()) {
            if (state.isTerminal()) {
                io.micrometer.core.instrument.FunctionCounter.builder("hpcsweep.jobs.finished", state, finished::applyAsLong)
                        .description("Jobs ended and collected, by their final state, over every run this database holds")
                        .tag("state", state.name()).register(registry);
            }
        }
        retries = Counter.builder("hpcsweep.platform.retries").description("Platform calls tried again").register(registry);
        throttled = Counter.builder("hpcsweep.platform.throttled").description("Platform answers 429 (throttled)").register(registry);
    }

    public void retried(boolean wasThrottled) {
        retries.increment();
        if (wasThrottled) {
            throttled.increment();
        }
    }
}
