package org.hpcsweep.slurm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;

/**
 * Turns slurmrestd's refusals into one readable exception. slurmrestd answers errors with a JSON
 * body whose {@code errors} list says why (checked on 22.05: 400 {@code environment must be set
 * (2127)} for a submit without environment, 500 {@code Invalid job id specified (2017)} for an
 * unknown job, 500 for a refused token: see {@link SlurmFailures}), so the route takes every response
 * ({@code throwExceptionOnFailure=false}) and this bean decides: the caller then records
 * "slurmrestd: environment must be set" rather than a bare "statusCode: 400". The exception keeps
 * the HTTP status and Slurm's error numbers, by which {@link SlurmFailures} classifies it.
 */
public final class SlurmErrors {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** For a response with HTTP status 300 or more: always throws. */
    public void fail(Exchange exchange) {
        int code = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String body = exchange.getMessage().getBody(String.class);
        String what = exchange.getProperty(SlurmCall.WHAT, "call", String.class);
        String detail;
        List<Integer> numbers;
        try {
            JsonNode response = JSON.readTree(body == null ? "" : body);
            detail = describe(response);
            numbers = errorNumbers(response);
        } catch (Exception notJson) {
            detail = "";
            numbers = List.of();
        }
        if (detail.isEmpty()) {
            detail = body == null || body.isBlank() ? "no body" : abbreviate(body.strip());
        }
        throw new SlurmCallException("slurmrestd answered " + code + " to " + what + ": " + detail, code, numbers);
    }

    /** For a 2xx response: passes it on unless its {@code errors} list is not empty. */
    public JsonNode check(JsonNode response, Exchange exchange) {
        if (response != null) {
            String detail = describe(response);
            if (!detail.isEmpty()) {
                throw new SlurmCallException("slurmrestd refused " + exchange.getProperty(SlurmCall.WHAT, "call", String.class)
                        + ": " + detail, exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class),
                        errorNumbers(response));
            }
        }
        return response;
    }

    /** "environment must be set (2127); Failure during parsing (9001)", or "" when there are none. */
    static String describe(JsonNode response) {
        StringBuilder text = new StringBuilder();
        for (JsonNode error : response.path("errors")) {
            String message = error.path("description").asText("");
            if (message.isBlank()) {
                message = error.path("error").asText("");
            }
            JsonNode number = number(error);
            if (text.length() > 0) {
                text.append("; ");
            }
            text.append(message);
            if (number.isIntegralNumber()) {
                text.append(" (").append(number.asInt()).append(')');
            }
        }
        return text.toString();
    }

    /** The error numbers of the {@code errors} list, in its order. */
    static List<Integer> errorNumbers(JsonNode response) {
        List<Integer> numbers = new ArrayList<>();
        for (JsonNode error : response.path("errors")) {
            JsonNode number = number(error);
            if (number.isIntegralNumber()) {
                numbers.add(number.asInt());
            }
        }
        return numbers;
    }

    /** v0.0.38 names it error_number (job calls), error_code (submit) or errno (node calls). */
    private static JsonNode number(JsonNode error) {
        for (String field : List.of("error_code", "error_number", "errno")) {
            if (error.has(field)) {
                return error.path(field);
            }
        }
        return error.path("error_number");
    }

    private static String abbreviate(String body) {
        return body.length() <= 300 ? body : body.substring(0, 300) + "...";
    }
}
