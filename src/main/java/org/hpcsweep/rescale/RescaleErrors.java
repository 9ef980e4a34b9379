package org.hpcsweep.rescale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.hpcsweep.engine.EngineErrors;
import org.hpcsweep.engine.FailureKind;

/**
 * What Rescale's API failures mean: HTTP statuses (429 and 500/502/503/504 may pass, 401/403 is a
 * refused API key, the rest is the platform saying no), and a short upload, which one more try mends.
 * Described with the platform's own words: DRF-style {@code {"field": ["message"]}} bodies are
 * flattened to {@code jobanalyses[0].hardware.coresPerSlot: ...}.
 */
public final class RescaleErrors implements EngineErrors {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public FailureKind classify(Throwable failure) {
        if (failure instanceof ShortUploadException) {
            return FailureKind.TRANSIENT;
        }
        if (failure instanceof HttpOperationFailedException http) {
            return switch (http.getStatusCode()) {
                case 429, 500, 502, 503, 504 -> FailureKind.TRANSIENT;
                case 401, 403 -> FailureKind.REFUSED_CREDENTIALS;
                case 404 -> FailureKind.NOT_FOUND;
                default -> FailureKind.PERMANENT;
            };
        }
        return null;
    }

    @Override
    public String describe(Throwable failure) {
        return failure instanceof HttpOperationFailedException http ? httpFailure(http) : null;
    }

    private static String httpFailure(HttpOperationFailedException http) {
        int code = http.getStatusCode();
        String what = switch (code) {
            case 401, 403 -> "the platform refused the API key (HTTP " + code + "); check RESCALE_API_KEY";
            case 404 -> "not found on the platform (HTTP 404)";
            case 429 -> "the platform is throttling requests (HTTP 429)";
            default -> "the platform answered HTTP " + code;
        };
        String detail = detail(http.getResponseBody());
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
