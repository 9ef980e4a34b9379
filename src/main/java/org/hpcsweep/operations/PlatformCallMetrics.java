package org.hpcsweep.operations;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.spi.CamelEvent;

/**
 * Times every call to the platform, by call ({@code GET /jobs/{id}/statuses/}) and outcome (HTTP
 * status, or the kind of network error), as {@code hpcsweep_platform_calls}: counts per endpoint
 * and outcome, and the latency of status polls, for Prometheus. Listens to Camel's "exchange sent"
 * events of the platform endpoint, so no route carries metrics code.
 */
public final class PlatformCallMetrics extends PlatformCallListener {
    private final MeterRegistry registry;

    public PlatformCallMetrics(MeterRegistry registry, String platformUrl) {
        super(platformUrl);
        this.registry = registry;
    }

    @Override
    void callEnded(CamelEvent.ExchangeSentEvent sent) {
        Exchange exchange = sent.getExchange();
        String call = exchange.getProperty(org.hpcsweep.rescale.PlatformAccount.CALL, "?", String.class);
        Timer.builder("hpcsweep.platform.calls").description("Calls to the platform by endpoint and outcome")
                .tag("call", template(call)).tag("outcome", outcome(exchange))
                // Buckets, so a dashboard can take p95 (histogram_quantile) across services, not only a mean.
                .publishPercentileHistogram()
                .register(registry).record(Duration.ofMillis(sent.getTimeTaken()));
    }

    /** Ids become {id}, the query goes: one series per endpoint, not per job. */
    static String template(String call) {
        String noQuery = call.replaceFirst("\\?.*$", "");
        return noQuery.replaceAll("/(jobs|files)/(?!contents/)[^/]+/", "/$1/{id}/");
    }

    private static String outcome(Exchange exchange) {
        Exception e = exchange.getException();
        if (e == null) {
            Integer code = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
            return code == null ? "ok" : code.toString();
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof HttpOperationFailedException http) {
                return Integer.toString(http.getStatusCode());
            }
        }
        return e.getClass().getSimpleName();
    }
}
