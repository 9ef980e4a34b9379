package org.hpcsweep.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks real answers of the API against web/openapi.json: the status is one the operation lists,
 * the content type one it lists for that status, and a JSON body validates against its schema
 * (networknt's validator with the OpenAPI 3.0 dialect, so {@code nullable} counts). Remembers which
 * operations were checked, so a test can tell that none was left out.
 */
final class OpenApiContract {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DOCUMENT = "classpath:web/openapi.json";
    private final JsonNode openapi;
    private final SchemaRegistry schemas = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi30());
    private final Set<String> checked = new HashSet<>();

    OpenApiContract() throws IOException {
        try (InputStream in = OpenApiContract.class.getResourceAsStream("/web/openapi.json")) {
            openapi = JSON.readTree(in);
        }
    }

    /** Asserts the answer to {@code method} on the path template {@code path} is as the document says. */
    void check(String method, String path, HttpResponse<String> answer) throws IOException {
        JsonNode operation = openapi.path("paths").path(path).path(method.toLowerCase());
        assertFalse(operation.isMissingNode(), method + " " + path + " is not in openapi.json");
        assertTrue(operation.hasNonNull("operationId"), method + " " + path + " has no operationId");
        String status = Integer.toString(answer.statusCode());
        JsonNode response = operation.path("responses").path(status);
        assertFalse(response.isMissingNode(), method + " " + path + " answered " + status + ", not listed: " + answer.body());
        checked.add(operation.get("operationId").asText());
        if (!response.has("content")) {
            return;
        }
        String type = answer.headers().firstValue("Content-Type").orElse("").replaceFirst(";.*", "").strip();
        JsonNode media = response.path("content").path(type);
        assertFalse(media.isMissingNode(), method + " " + path + " " + status + ": content type " + type + " not listed");
        if (media.has("schema")) {
            String pointer = "/paths/" + escape(path) + "/" + method.toLowerCase() + "/responses/" + status + "/content/" + escape(type) + "/schema";
            Schema schema = schemas.getSchema(SchemaLocation.of(DOCUMENT + "#" + pointer));
            List<Error> errors = schema.validate(JSON.readTree(answer.body()));
            assertTrue(errors.isEmpty(), method + " " + path + " " + status + ": " + errors + " in " + answer.body());
        }
    }

    /** The operationIds of the document that no check has seen. */
    Set<String> unchecked() {
        Set<String> all = new HashSet<>();
        openapi.path("paths").forEach(item -> item.forEach(op -> {
            assertNotNull(op.get("operationId"));
            all.add(op.get("operationId").asText());
        }));
        all.removeAll(checked);
        return all;
    }

    private static String escape(String segment) {
        return segment.replace("~", "~0").replace("/", "~1").replace("{", "%7B").replace("}", "%7D");
    }
}
