package org.hpcsweep.engine;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.function.UnaryOperator;
import org.apache.camel.Exchange;
import org.hpcsweep.operations.PlatformDownException;

/**
 * The flow's error policy, the same for every engine: whether a failed step is tried again, whether
 * its failure may pass, whether the engine refused the credentials, and one line a user can act on
 * (with the engine's secret masked). What an engine's own exceptions mean comes from its
 * {@link EngineErrors}; what holds for every engine lives here once: a call the circuit breaker held
 * back, connection and timeout errors, garbled answers.
 */
public final class StepErrors {
    /** The failures of the current step that reached the platform (held-back calls not counted). */
    private static final String FAILURES = "hpcsweepStepFailures";
    private final EngineErrors engine;
    private final UnaryOperator<String> mask;
    private final int maxRetries;

    /**
     * @param engine     what the engine's own exceptions mean
     * @param mask       hides the engine's secret wherever a message could carry it
     * @param maxRetries how often a transient failure of a step is tried again
     */
    public StepErrors(EngineErrors engine, UnaryOperator<String> mask, int maxRetries) {
        this.engine = engine;
        this.mask = mask;
        this.maxRetries = maxRetries;
    }

    /**
     * Whether a failed step should be tried again: a transient failure (throttling, the engine
     * unavailable, connection and timeout errors, a malformed answer), with tries left. Only steps
     * that are safe to repeat ask: reads, the stage (a second copy of an input costs nothing), the
     * stop, and the placement of a job, which reconciles create and submit with the engine before it
     * calls again, because repeating those blindly can start a second, billed job.
     */
    public boolean retryTransient(Exchange exchange) {
        // Camel counts every failure of the step, the one being judged included (the n-th is judged
        // with n); the first one starts the step's own count afresh.
        int tries = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        int failures = tries <= 1 ? 0 : exchange.getProperty(FAILURES, 0, Integer.class);
        Throwable caught = caught(exchange);
        // A call the circuit breaker held back never reached the platform: the step waits for the
        // platform to answer again instead of spending its tries (the breaker lets one call through
        // now and then, so a platform that stays down costs a call per open period, not a storm).
        // Camel's counter counts those waits too, so the step's tries are counted here: with
        // placements in parallel the breaker held calls back often enough that a job ran out of
        // tries on failures it never made (PlatformFaultsTest).
        boolean heldBack = isHeldBack(caught);
        if (!heldBack) {
            failures++;
        }
        exchange.setProperty(FAILURES, failures);
        return heldBack || failures <= maxRetries && kind(caught) == FailureKind.TRANSIENT;
    }

    /** Whether the failure caught on {@code exchange} may pass by itself (engine down, throttling, timeouts). */
    public boolean mayPass(Exchange exchange) {
        return kind(caught(exchange)) == FailureKind.TRANSIENT;
    }

    /** Whether the engine refused the key or token: nothing else will work until the user fixes it. */
    public boolean isRefusedCredentials(Throwable failure) {
        return kind(failure) == FailureKind.REFUSED_CREDENTIALS;
    }

    /** Describes the exception caught on {@code exchange}, masked. */
    public String describe(Exchange exchange) {
        return describe(caught(exchange));
    }

    /** Describes {@code failure} in one line, masked. */
    public String describe(Throwable failure) {
        return mask.apply(unmasked(failure));
    }

    /** What {@code failure} means: the first throwable of its cause chain that tells decides. */
    public FailureKind kind(Throwable failure) {
        if (isHeldBack(failure)) {
            return FailureKind.TRANSIENT;
        }
        for (Throwable c = failure; c != null; c = c.getCause()) {
            FailureKind kind = engine.classify(c);
            if (kind != null) {
                return kind;
            }
            if (c instanceof IOException && isNetworkOrParse(c)) {
                return FailureKind.TRANSIENT;
            }
        }
        return FailureKind.PERMANENT;
    }

    /**
     * Whether a call failed without any answer after it may have been sent (a timeout, a connection
     * closed or reset mid-call): its request may still reach the platform later. A refused connection
     * sent nothing; an HTTP error status, or anything the engine recognises, was an answer.
     */
    public boolean isUnanswered(Throwable failure) {
        if (isHeldBack(failure)) {
            return false;
        }
        for (Throwable c = failure; c != null; c = c.getCause()) {
            if (engine.classify(c) != null || c instanceof ConnectException) {
                return false;
            }
            if (c instanceof InterruptedIOException || c instanceof EOFException || c instanceof java.net.SocketException
                    || c.getClass().getName().startsWith("org.apache.hc.core5.http.") && c instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /** Whether the circuit breaker held the call back: it never reached the platform. */
    public static boolean isHeldBack(Throwable failure) {
        for (Throwable c = failure; c != null; c = c.getCause()) {
            if (c instanceof PlatformDownException) {
                return true;
            }
        }
        return false;
    }

    private static Throwable caught(Exchange exchange) {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        return caught != null ? caught : exchange.getException();
    }

    /**
     * Connection refused or reset, timeouts, truncated bodies (java.net, TLS, HttpClient's own) and
     * Jackson's parse errors of a garbled answer; not local file errors, which no retry mends.
     */
    private static boolean isNetworkOrParse(Throwable io) {
        String type = io.getClass().getName();
        return type.startsWith("java.net.") || type.startsWith("javax.net.") || type.startsWith("org.apache.hc.")
                || type.startsWith("com.fasterxml.jackson.") || io instanceof EOFException
                || io instanceof InterruptedIOException;
    }

    private String unmasked(Throwable failure) {
        if (failure == null) {
            return "unknown error";
        }
        for (Throwable c = failure; c != null; c = c.getCause()) {
            String engineSays = engine.describe(c);
            if (engineSays != null) {
                return engineSays;
            }
            if (c instanceof ConnectException) {
                return "platform not reachable: " + c.getMessage();
            }
            if (c instanceof SocketTimeoutException) {
                return "platform did not answer in time: " + c.getMessage();
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
