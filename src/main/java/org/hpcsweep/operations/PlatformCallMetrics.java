package org.hpcsweep.operations;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
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
    /** A job's or file's id in a call's path (compiled once: String.replaceAll compiled it at every call). */
    private static final Pattern ID = Pattern.compile("/(jobs|files)/(?!contents/)[^/]+/");
    private final MeterRegistry registry;
    /** Each endpoint's and outcome's timer, registered once (built and looked up at every call before). */
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public PlatformCallMetrics(MeterRegistry registry, String platformUrl) {
        super(platformUrl);
        this.registry = registry;
    }

    @Override
    void callEnded(CamelEvent.ExchangeSentEvent sent) {
        Exchange exchange = sent.getExchange();
        String call = exchange.getProperty(org.hpcsweep.rescale.PlatformAccount.CALL, "?", String.class);
        String template = template(call);
        String outcome = outcome(exchange);
        timers.computeIfAbsent(template + ' ' + outcome, key -> Timer.builder("hpcsweep.platform.calls")
                        .description("Calls to the platform by endpoint and outcome").tag("call", template).tag("outcome", outcome)
                        // Buckets, so a dashboard can take p95 (histogram_quantile) across services, not only a mean.
                        .publishPercentileHistogram()
                        .register(registry))
                .record(Duration.ofMillis(sent.getTimeTaken()));
    }

    /** Ids become {id}, the query goes: one series per endpoint, not per job. */
    static String template(String call) {
        int q = call.indexOf('?');
        return ID.matcher(q < 0 ? call : call.substring(0, q)).replaceAll("/$1/{id}/");
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
