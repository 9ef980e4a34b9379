package org.hpcsweep.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Error answers as RFC 9457 problem details ({@code application/problem+json}: type, title, status,
 * detail), so that any HTTP client library can show them; {@code type} is {@code about:blank}, which
 * says the HTTP status is all there is to the kind of problem and its title is the status phrase.
 */
final class Problems {
    static final String MEDIA_TYPE = "application/problem+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Problems() {
    }

    static String json(int status, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title(status));
        body.put("status", status);
        body.put("detail", detail);
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** The answer to a refused or failed call, replacing whatever the message held. */
    static void write(Message m, ApiProblem e) {
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, e.status);
        m.setHeader(Exchange.CONTENT_TYPE, MEDIA_TYPE);
        if (e.status == 401) {
            // RFC 9110: a 401 names the scheme the client should use.
            m.setHeader("WWW-Authenticate", "Bearer");
        }
        m.setBody(json(e.status, e.getMessage()));
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    }
}
