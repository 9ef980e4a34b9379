package org.hpcsweep.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * How the local platform answers every call, as Rescale does: the {@code Authorization: Token} check
 * first, then the endpoint's JSON with its status code, or a DRF-style error body ({@code detail}, or
 * field to messages); every answer counted by method, endpoint and status ({@link PlatformCounters}).
 */
final class PlatformAnswers {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Set<String> apiKeys;
    private final PlatformCounters counters;

    PlatformAnswers(Set<String> apiKeys, PlatformCounters counters) {
        this.apiKeys = Set.copyOf(apiKeys);
        this.counters = counters;
    }

    void answer(Exchange exchange, String method, String endpoint, int success, Function<Message, Object> handler) {
        answer(exchange, method, endpoint, success, handler, () -> { });
    }

    /** {@code unauthorised} runs when the token check fails, before the 401 is answered. */
    void answer(Exchange exchange, String method, String endpoint, int success, Function<Message, Object> handler,
                        Unauthorised unauthorised) {
        Message m = exchange.getMessage();
        try {
            try {
                requireToken(m);
            } catch (ApiError e) {
                unauthorised.run();
                throw e;
            }
            Object body = handler.apply(m);
            m.removeHeaders("*");
            status(m, method, endpoint, success);
            if (body == null) {
                m.setBody("");
            } else {
                m.setHeader("Content-Type", "application/json");
                m.setBody(JSON.writeValueAsString(body));
            }
        } catch (ApiError e) {
            error(m, method, endpoint, e);
        } catch (JsonProcessingException e) {
            error(m, method, endpoint, ApiError.detail(500, e.getOriginalMessage()));
        } catch (IOException e) {
            error(m, method, endpoint, ApiError.detail(500, e.getMessage()));
        }
    }

    @FunctionalInterface
    interface Unauthorised {
        void run() throws IOException;
    }

    void error(Message m, String method, String endpoint, ApiError e) {
        m.removeHeaders("*");
        status(m, method, endpoint, e.status());
        m.setHeader("Content-Type", "application/json");
        try {
            m.setBody(JSON.writeValueAsString(e.body()));
        } catch (JsonProcessingException impossible) {
            m.setBody("{\"detail\": \"error\"}");
        }
    }

    void status(Message m, String method, String endpoint, int status) {
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        counters.call(method, endpoint, status);
    }

    void requireToken(Message m) {
        String header = m.getHeader("Authorization", String.class);
        if (header == null || header.isBlank()) {
            throw ApiError.detail(401, "Authentication credentials were not provided.");
        }
        String[] parts = header.strip().split("\\s+", 2);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("Token") || !apiKeys.contains(parts[1])) {
            throw ApiError.detail(401, "Invalid token.");
        }
    }

    static JsonNode body(Message m) {
        String text = m.getBody(String.class);
        if (text == null || text.isBlank()) {
            throw ApiError.detail(400, "JSON parse error - empty body");
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiError.detail(400, "JSON parse error - " + e.getOriginalMessage());
        }
    }

    static Integer intParam(Message m, String name) {
        String value = m.getHeader(name, String.class);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new ApiError(400, Map.of(name, List.of("A valid integer is required.")));
        }
    }
}
