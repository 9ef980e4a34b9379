package org.hpcsweep.slurm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The calls the service makes to slurmrestd outside the flow, with the JDK's HTTP client: at start,
 * which OpenAPI versions it serves ({@code /openapi/v3}) and how many CPUs its nodes have; for
 * readiness, whether a slurmctld answers its ping. The flow's own calls go through the routes
 * (routes/engine-slurm/10-slurm-calls.yaml), with the breaker and the error mapping.
 */
public final class SlurmRestd {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VERSION = Pattern.compile("^/slurm/(v0\\.0\\.\\d+)/");

    private final URI url;
    private final SlurmCredentials credentials;
    private final Duration timeout;
    private final HttpClient client;

    public SlurmRestd(URI url, SlurmCredentials credentials, Duration timeout) {
        this.url = url;
        this.credentials = credentials;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    /** The {@code /slurm/VERSION/} versions of the paths slurmrestd's OpenAPI document lists. */
    public Set<String> offeredVersions() throws IOException {
        JsonNode spec = get("/openapi/v3");
        Set<String> versions = new TreeSet<>();
        for (Iterator<String> paths = spec.path("paths").fieldNames(); paths.hasNext(); ) {
            Matcher m = VERSION.matcher(paths.next());
            if (m.find()) {
                versions.add(m.group(1));
            }
        }
        return versions;
    }

    /** The newest version both sides speak, asked of slurmrestd. */
    public SlurmDialect newestCommonVersion() throws IOException {
        return SlurmDialect.newestOf(offeredVersions());
    }

    /** Readiness: "slurmrestd v0.0.41 at URL, slurmctld HOST answers", or an exception saying why not. */
    public String ping(SlurmDialect dialect) throws IOException {
        JsonNode answer = get(dialect.path("/ping"));
        String errors = SlurmErrors.describe(answer);
        if (!errors.isEmpty() || !dialect.controllerAnswered(answer)) {
            throw new IOException("slurmrestd at " + url + " answers, but no slurmctld does" + (errors.isEmpty() ? "" : ": " + errors));
        }
        return "slurmrestd " + dialect.version() + " at " + url + ", slurmctld " + answer.path("pings").path(0).path("hostname").asText("?")
                + " answers";
    }

    /**
     * The fewest CPUs a node of {@code partition} (any partition when empty) has, or 0 when the
     * cluster names none: the size a job is spread beyond, so that every node it may get holds its share.
     */
    public int cpusPerNode(SlurmDialect dialect, String partition) throws IOException {
        int fewest = 0;
        for (JsonNode node : get(dialect.path("/nodes")).path("nodes")) {
            boolean inPartition = partition.isEmpty();
            for (JsonNode p : node.path("partitions")) {
                inPartition |= partition.equals(p.asText());
            }
            int cpus = node.path("cpus").asInt(0);
            if (inPartition && cpus > 0) {
                fewest = fewest == 0 ? cpus : Math.min(fewest, cpus);
            }
        }
        return fewest;
    }

    private JsonNode get(String path) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url.toString().replaceAll("/+$", "") + path)).timeout(timeout).GET()
                .header("Accept", "application/json")
                .header(SlurmApi.USER_NAME_HEADER, credentials.userName())
                .header(SlurmApi.USER_TOKEN_HEADER, credentials.token()).build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking slurmrestd " + path, e);
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException notJson) {
            body = null;
        }
        if (response.statusCode() >= 300 || body == null) {
            String detail = body == null ? "" : SlurmErrors.describe(body);
            throw new IOException("slurmrestd at " + url + " answered " + response.statusCode() + " to GET " + path
                    + (detail.isEmpty() ? "" : ": " + credentials.mask(detail)));
        }
        return body;
    }
}
