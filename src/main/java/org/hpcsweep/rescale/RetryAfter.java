package org.hpcsweep.rescale;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.hpcsweep.engine.StepErrors;
import org.slf4j.LoggerFactory;

/**
 * Runs before each retry of a platform call: when the platform answered 429 with a
 * {@code Retry-After} (seconds or an HTTP date), waits that long, capped, on top of the back-off,
 * because asking again sooner only prolongs the throttling (Rescale blocks clients that keep going).
 */
public final class RetryAfter implements Processor {
    private final Duration cap;
    private final java.util.function.Consumer<Boolean> onRetry;
    private final StepErrors errors;

    /**
     * @param cap     the longest wait a Retry-After may impose
     * @param onRetry told of each retry, with whether the platform was throttling (for metrics)
     * @param errors  describes the failure in the engine's words, masked
     */
    public RetryAfter(Duration cap, java.util.function.Consumer<Boolean> onRetry, StepErrors errors) {
        this.cap = cap;
        this.onRetry = onRetry;
        this.errors = errors;
    }

    @Override
    public void process(Exchange exchange) throws InterruptedException {
        Throwable caught = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Duration wait = Duration.ZERO;
        boolean throttled = false;
        for (Throwable c = caught; c != null; c = c.getCause()) {
            if (c instanceof HttpOperationFailedException http && http.getStatusCode() == 429) {
                throttled = true;
                wait = parse(header(http.getResponseHeaders(), "Retry-After"), ZonedDateTime.now());
            }
        }
        onRetry.accept(throttled);
        if (wait.compareTo(cap) > 0) {
            wait = cap;
        }
        if (StepErrors.isHeldBack(caught)) {
            // The breaker has told the user once that the platform is down; each step waiting on it need not.
            LoggerFactory.getLogger("hpcsweep.platform").debug("{} waits for the platform (retry {})", exchange.getFromRouteId(),
                    exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER));
            return;
        }
        LoggerFactory.getLogger("hpcsweep.platform").warn("platform call failed in {} ({}); trying again (retry {}){}",
                exchange.getFromRouteId(), errors.describe(caught), exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER),
                wait.isZero() ? "" : " after the " + wait.toSeconds() + " s the platform asked for");
        if (!wait.isZero()) {
            Thread.sleep(wait.toMillis());
        }
    }

    static Duration parse(String value, ZonedDateTime now) {
        if (value == null || value.isBlank()) {
            return Duration.ZERO;
        }
        String v = value.strip();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration d = Duration.between(now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException unreadable) {
                return Duration.ZERO;
            }
        }
    }

    private static String header(Map<String, String> headers, String name) {
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }
}
