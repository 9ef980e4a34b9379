package org.hpcsweep.rescale;

import java.net.URI;
import org.apache.camel.Exchange;
import org.apache.camel.component.http.HttpMethods;
import org.apache.camel.Message;

/**
 * The platform this service talks to and the key it talks with. A route says which call to make in
 * one exchange property, {@code platformCall} ({@code "GET /jobs/{id}/statuses/?page_size=50"}),
 * or follows a paged list's absolute {@code next} link in {@code platformUri}; this bean turns that
 * into the HTTP headers, adding the key itself so that it never appears in a route, a property dump
 * or a log. Nothing is consumed, so a retried call is the same call.
 */
public final class PlatformAccount {
    public static final String CALL = "platformCall";
    public static final String URI_PROPERTY = "platformUri";

    private final URI baseUrl;
    private final String apiKey;

    public PlatformAccount(String baseUrl, String apiKey) {
        this.baseUrl = URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("no API key for " + this.baseUrl
                    + ": set RESCALE_API_KEY or hpcsweep.platform.api-key-file");
        }
        this.apiKey = apiKey.strip();
    }

    public URI getBaseUrl() {
        return baseUrl;
    }

    /** Replaces the message's headers by exactly those of the call the exchange describes. */
    public void prepare(Exchange exchange) {
        String call = exchange.getProperty(CALL, String.class);
        if (call == null || !call.contains(" ")) {
            throw new IllegalStateException("a platform call needs the property " + CALL + " as 'METHOD /path/', not " + call);
        }
        String method = call.substring(0, call.indexOf(' '));
        String target = call.substring(call.indexOf(' ') + 1).strip();
        Message in = exchange.getMessage();
        // Camel's redelivery headers stay: they count the retries of the step that makes this call.
        in.removeHeaders("*", "CamelRedelivered", "CamelRedeliveryCounter", "CamelRedeliveryMaxCounter");
        // As Camel's enum: given as text, every call converted it (a type-converter look-up, 1.5 % of the 1,000-job
        // submit phase's CPU samples, bench/ANALYSIS.md).
        in.setHeader(Exchange.HTTP_METHOD, HttpMethods.valueOf(method));
        String uri = exchange.getProperty(URI_PROPERTY, String.class);
        if (uri != null) {
            requireSameOrigin(uri);
            in.setHeader(Exchange.HTTP_URI, uri);
        } else {
            int q = target.indexOf('?');
            in.setHeader(Exchange.HTTP_PATH, q < 0 ? target : target.substring(0, q));
            if (q >= 0) {
                in.setHeader(Exchange.HTTP_QUERY, target.substring(q + 1));
            }
        }
        in.setHeader("Accept", "application/json");
        if (method.equals("POST") && !(in.getBody() instanceof org.apache.hc.core5.http.HttpEntity)) {
            in.setHeader(Exchange.CONTENT_TYPE, "application/json");
        }
        in.setHeader("Authorization", "Token " + apiKey);
    }

    /**
     * Readiness: the platform answers {@code GET /api/v2/coretypes/} with this key. Throws with the
     * reason (unreachable, key refused, error) when not.
     */
    public String probe() throws java.io.IOException, InterruptedException {
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(5)).build();
        java.net.http.HttpResponse<Void> answer = client.send(java.net.http.HttpRequest.newBuilder(URI.create(baseUrl + "/api/v2/coretypes/"))
                .timeout(java.time.Duration.ofSeconds(10)).header("Authorization", "Token " + apiKey).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
        if (answer.statusCode() == 401 || answer.statusCode() == 403) {
            throw new IllegalStateException(baseUrl + " refuses the API key (HTTP " + answer.statusCode() + ")");
        }
        if (answer.statusCode() >= 300) {
            throw new IllegalStateException(baseUrl + " answered HTTP " + answer.statusCode());
        }
        return baseUrl + " answers";
    }

    /** The key goes only to the configured platform, never to a host a {@code next} link names. */
    void requireSameOrigin(String uri) {
        URI target = URI.create(uri);
        boolean same = baseUrl.getScheme().equalsIgnoreCase(target.getScheme())
                && baseUrl.getHost().equalsIgnoreCase(target.getHost())
                && port(baseUrl) == port(target);
        if (!same) {
            throw new IllegalStateException("the platform sent a link to " + target.getScheme() + "://" + target.getHost()
                    + ", not to " + baseUrl + "; not following it with the API key");
        }
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** Masks the key wherever an error or log message could carry it. */
    public String mask(String text) {
        return text == null ? null : text.replace(apiKey, "****");
    }

    @Override
    public String toString() {
        return "PlatformAccount[" + baseUrl + ", key ****]";
    }
}
