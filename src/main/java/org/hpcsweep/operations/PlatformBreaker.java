package org.hpcsweep.operations;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.spi.CamelEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops hammering a platform that is down. After {@code failuresInARow} calls in a row fail the way
 * an outage fails (connection refused or reset, timeouts, 500/502/503/504; not 4xx, not 429, which
 * the rate limiter and Retry-After handle), no call goes out for {@code openFor}; then one call
 * tries, and its outcome closes or re-opens the circuit. Calls refused meanwhile fail at once with
 * {@link PlatformDownException}, which the flow treats as transient: polls wait, safe steps retry
 * later, nothing is marked failed for it. The user is told once per outage in the log, and the
 * circuit's state is a metric.
 *
 * <p>Engine routes call {@link #permit} as the step right before their HTTP call; the outcome is read
 * from Camel's "exchange sent" event of the engine's endpoint, so the HTTP call itself stays a plain
 * Camel endpoint.
 */
public final class PlatformBreaker extends PlatformCallListener {
    private static final Logger LOG = LoggerFactory.getLogger("hpcsweep.platform");
    private static final String PERMITTED_AT = "hpcsweep.breakerPermittedAt";

    private final String platformUrl;
    private final int failuresInARow;
    private final Duration openFor;
    private final UnaryOperator<String> mask;
    private final CircuitBreaker breaker;
    private final AtomicLong opened = new AtomicLong();
    private volatile String lastFailure = "";
    private volatile LocalTime openUntil = LocalTime.MIN;

    public PlatformBreaker(String platformUrl, int failuresInARow, Duration openFor, UnaryOperator<String> mask) {
        super(platformUrl);
        this.platformUrl = platformUrl;
        this.failuresInARow = failuresInARow;
        this.openFor = openFor;
        this.mask = mask;
        // A count window as long as the run of failures, all of them failures: "n in a row".
        this.breaker = CircuitBreaker.of("platform", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(failuresInARow)
                .minimumNumberOfCalls(failuresInARow)
                .failureRateThreshold(100)
                .waitDurationInOpenState(openFor)
                .permittedNumberOfCallsInHalfOpenState(1)
                .build());
        breaker.getEventPublisher().onStateTransition(e -> told(e.getStateTransition()));
    }

    /** Route step before a platform call: lets it go, or refuses it at once while the platform is down. */
    public void permit(Exchange exchange) {
        if (!breaker.tryAcquirePermission()) {
            throw new PlatformDownException("platform " + platformUrl + " is not answering (" + failuresInARow
                    + " calls in a row failed, the last: " + lastFailure + "); no calls to it until " + openUntil);
        }
        exchange.setProperty(PERMITTED_AT, System.nanoTime());
    }

    @Override
    void callEnded(CamelEvent.ExchangeSentEvent sent) {
        Exchange exchange = sent.getExchange();
        Long permittedAt = exchange.getProperty(PERMITTED_AT, Long.class);
        if (permittedAt == null) {
            return;
        }
        exchange.removeProperty(PERMITTED_AT);
        long nanos = System.nanoTime() - permittedAt;
        String outage = outage(exchange);
        if (outage == null) {
            breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
        } else {
            lastFailure = mask.apply(outage);
            breaker.onError(nanos, TimeUnit.NANOSECONDS, new PlatformDownException(lastFailure));
        }
    }

    /** What the call's failure says about the platform being down, or null when it answered. */
    static String outage(Exchange exchange) {
        Throwable e = exchange.getException();
        if (e == null) {
            Integer code = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
            return code != null && isOutage(code) ? "HTTP " + code : null;
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof HttpOperationFailedException http) {
                return isOutage(http.getStatusCode()) ? "HTTP " + http.getStatusCode() : null;
            }
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static boolean isOutage(int code) {
        return code == 500 || code == 502 || code == 503 || code == 504;
    }

    private void told(CircuitBreaker.StateTransition transition) {
        switch (transition.getToState()) {
            case OPEN -> {
                opened.incrementAndGet();
                openUntil = LocalTime.now().plus(openFor).truncatedTo(ChronoUnit.SECONDS);
                if (transition.getFromState() == CircuitBreaker.State.HALF_OPEN) {
                    LOG.warn("platform {} is still down ({}); next try at {}", platformUrl, lastFailure, openUntil);
                } else {
                    LOG.warn("platform {} looks down: {} calls in a row failed, the last: {}. No calls to it for {} s; "
                            + "running studies wait and go on when it answers", platformUrl, failuresInARow, lastFailure,
                            openFor.toSeconds());
                }
            }
            case CLOSED -> LOG.info("platform {} answers again; studies go on", platformUrl);
            default -> LOG.debug("platform {}: circuit {}", platformUrl, transition);
        }
    }

    /** Whether calls are being held back now (for the metric and the readiness check). */
    public boolean isOpen() {
        return breaker.getState() == CircuitBreaker.State.OPEN;
    }

    /** How often the circuit opened since the service started. */
    public long timesOpened() {
        return opened.get();
    }
}
