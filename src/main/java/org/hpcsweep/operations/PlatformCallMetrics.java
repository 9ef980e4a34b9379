package org.hpcsweep.operations;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Times every call to the platform, by call ({@code GET /jobs/{id}/statuses/}) and outcome (HTTP
 * status, or the kind of network error), as {@code hpcsweep_platform_calls}: counts per endpoint
 * and outcome, and the latency of status polls, for Prometheus. Listens to Camel's "exchange sent"
 * events of the platform endpoint, so no route carries metrics code.
 */
public final class PlatformCallMetrics extends EventNotifierSupport {
    private final MeterRegistry registry;
    private final String platformUrl;

    public PlatformCallMetrics(MeterRegistry registry, String platformUrl) {
        this.registry = registry;
        this.platformUrl = platformUrl;
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        // Camel only times a call, and sends its "sent" event, when some notifier took its "sending" event.
        return event instanceof CamelEvent.ExchangeSendingEvent sending && sending.getEndpoint().getEndpointUri().startsWith(platformUrl)
                || event instanceof CamelEvent.ExchangeSentEvent sent && sent.getEndpoint().getEndpointUri().startsWith(platformUrl);
    }

    @Override
    public void notify(CamelEvent event) {
        if (!(event instanceof CamelEvent.ExchangeSentEvent)) {
            return;
        }
        CamelEvent.ExchangeSentEvent sent = (CamelEvent.ExchangeSentEvent) event;
        Exchange exchange = sent.getExchange();
        String call = exchange.getProperty("platformCall", "?", String.class);
        Timer.builder("hpcsweep.platform.calls").description("Calls to the platform by endpoint and outcome")
                .tag("call", template(call)).tag("outcome", outcome(exchange))
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
