package org.hpcsweep.flow;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.hpcsweep.study.JobOutcome;

/**
 * Step 6, await the study (routes/flow/60-await-study.yaml), the aggregator's strategy: gathers a
 * run's job outcomes keyed by job index (a matrix point and repeat), so an outcome that arrives twice
 * (a result collected again after a restart) replaces the first instead of being counted twice. The
 * aggregate is complete when it holds one outcome per job of the run.
 */
public final class AwaitStudy implements AggregationStrategy {

    @Override
    @SuppressWarnings("unchecked")
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        JobOutcome outcome = newExchange.getMessage().getBody(JobOutcome.class);
        Exchange result = oldExchange == null ? newExchange : oldExchange;
        Map<Integer, JobOutcome> byJob = oldExchange == null ? new LinkedHashMap<>() : oldExchange.getMessage().getBody(Map.class);
        byJob.put(outcome.index(), outcome);
        result.getMessage().setBody(byJob);
        return result;
    }

    /** Completion rule: every job of the run has an outcome. */
    public boolean isComplete(Exchange aggregated) {
        Map<?, ?> byJob = aggregated.getMessage().getBody(Map.class);
        Integer jobCount = aggregated.getProperty(FlowProperties.JOB_COUNT, Integer.class);
        return byJob != null && jobCount != null && byJob.size() >= jobCount;
    }
}
