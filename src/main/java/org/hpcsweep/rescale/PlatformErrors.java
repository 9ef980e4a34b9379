package org.hpcsweep.rescale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.hpcsweep.study.StudyRun;

/**
 * Turns what went wrong in a platform call into one line a user can act on: the HTTP status with the
 * platform's own words (DRF-style {@code {"field": ["message"]}} bodies flattened to
 * {@code jobanalyses[0].hardware.coresPerSlot: ...}), or the connection problem. The API key is masked.
 */
public final class PlatformErrors {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The failures of the current step that reached the platform (held-back calls not counted). */
    private static final String FAILURES = "hpcsweepStepFailures";
    private final java.util.function.UnaryOperator<String> mask;
    private final int maxRetries;

    /**
     * @param mask       hides the engine's secret wherever a message could carry it
     * @param maxRetries how often a transient failure of a step is tried again
     */
    public PlatformErrors(java.util.function.UnaryOperator<String> mask, int maxRetries) {
        this.mask = mask;
        this.maxRetries = maxRetries;
    }

    /**
     * Whether a failed step should be tried again: a transient failure (429, 5xx gateway and
     * availability errors, connection and timeout errors, a malformed answer), with tries left. Only
     * steps that are safe to repeat ask: reads, the upload (a second copy of an input costs nothing),
     * and the placement of a job, which reconciles create and submit with the platform before it
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
        // tries on failures it never made (PlatformFaultsTest, about one run in four).
        if (!isHeldBack(caught)) {
            failures++;
        }
        exchange.setProperty(FAILURES, failures);
        return isHeldBack(caught) || failures <= maxRetries && isTransient(caught);
    }

    private static Throwable caught(Exchange exchange) {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        return caught != null ? caught : exchange.getException();
    }

    static boolean isHeldBack(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof org.hpcsweep.operations.PlatformDownException) {
                return true;
            }
        }
        return false;
    }

    static boolean isTransient(Throwable t) {
        if (isHeldBack(t)) {
            return true;
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ShortUploadException) {
                return true;
            }
            if (c instanceof HttpOperationFailedException http) {
                int code = http.getStatusCode();
                return code == 429 || code == 500 || code == 502 || code == 503 || code == 504;
            }
            if (c instanceof java.io.IOException && isNetworkOrParse(c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Connection refused or reset, timeouts, truncated bodies (java.net, TLS, HttpClient's own) and
     * Jackson's parse errors of a garbled answer; not local file errors, which no retry mends.
     */
    private static boolean isNetworkOrParse(Throwable io) {
        String type = io.getClass().getName();
        return type.startsWith("java.net.") || type.startsWith("javax.net.") || type.startsWith("org.apache.hc.")
                || type.startsWith("com.fasterxml.jackson.") || io instanceof java.io.EOFException
                || io instanceof java.io.InterruptedIOException;
    }

    /** Whether the failure caught on {@code exchange} may pass by itself (platform down, throttling, timeouts). */
    public boolean mayPass(Exchange exchange) {
        return isTransient(caught(exchange));
    }

    /** A refused key stops the run's further placements: each would only be refused again. */
    public void haltOnAuthFailure(StudyRun run, Exchange exchange) {
        if (isAuthFailure(caught(exchange))) {
            run.halt(describe(exchange));
        }
    }

    /** Whether the platform refused the key: nothing else will work until the user fixes it. */
    public static boolean isAuthFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof HttpOperationFailedException http) {
                return http.getStatusCode() == 401 || http.getStatusCode() == 403;
            }
        }
        return false;
    }

    /** Describes the exception caught on {@code exchange}. */
    public String describe(Exchange exchange) {
        return mask.apply(describe(caught(exchange)));
    }

    static String describe(Throwable t) {
        if (t == null) {
            return "unknown error";
        }
        for (Throwable c = t; c != null; c = c.getCause()) {

            if (c instanceof HttpOperationFailedException http) {
                return httpFailure(http);
            }
            if (c instanceof ConnectException) {
                return "platform not reachable: " + c.getMessage();
            }
            if (c instanceof SocketTimeoutException) {
                return "platform did not answer in time: " + c.getMessage();
            }
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static String httpFailure(HttpOperationFailedException http) {
        int code = http.getStatusCode();
        String what = switch (code) {
            case 401, 403 -> "the platform refused the API key (HTTP " + code + "); check RESCALE_API_KEY";
            case 404 -> "not found on the platform (HTTP 404)";
            case 429 -> "the platform is throttling requests (HTTP 429)";
            default -> "the platform answered HTTP " + code;
        };
        String body = http.getResponseBody();
        String detail = detail(body);
        return detail.isEmpty() ? what : what + ": " + detail;
    }

    /** Flattens a DRF error body; falls back to the raw body, shortened. */
    static String detail(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode node = JSON.readTree(body);
            List<String> lines = new ArrayList<>();
            flatten("", node, lines);
            if (!lines.isEmpty()) {
                return String.join("; ", lines);
            }
        } catch (Exception notJson) {
            // fall through: show the body as it came
        }
        String text = body.strip();
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    private static void flatten(String path, JsonNode node, List<String> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = e.getKey().equals("detail") || e.getKey().equals("non_field_errors") ? path
                        : path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                flatten(key, e.getValue(), out);
            }
        } else if (node.isArray()) {
            boolean messages = true;
            for (JsonNode item : node) {
                messages &= item.isValueNode();
            }
            if (messages) {
                List<String> texts = new ArrayList<>();
                node.forEach(item -> texts.add(item.asText()));
                out.add((path.isEmpty() ? "" : path + ": ") + String.join(" ", texts));
            } else {
                for (int i = 0; i < node.size(); i++) {
                    flatten(path + "[" + i + "]", node.get(i), out);
                }
            }
        } else if (!node.isNull()) {
            out.add((path.isEmpty() ? "" : path + ": ") + node.asText());
        }
    }
}
