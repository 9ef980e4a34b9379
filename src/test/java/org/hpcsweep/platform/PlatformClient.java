package org.hpcsweep.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/** A bare Rescale client for the platform tests: plain JDK HTTP, as a user's script would be. */
final class PlatformClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI base;
    private final String key;

    record Answer(int status, String body) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    PlatformClient(URI base, String key) {
        this.base = base;
        this.key = key;
    }

    Answer get(String pathOrUrl) throws IOException, InterruptedException {
        return send(request(pathOrUrl).GET());
    }

    Answer post(String path, String json) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
    }

    Answer delete(String path) throws IOException, InterruptedException {
        return send(request(path).DELETE());
    }

    record Bytes(int status, byte[] body, HttpResponse<byte[]> response) {
        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }
    }

    /** A file's contents, optionally one {@code Range}, over the given HTTP version (HTTP/2 is asked for as h2c). */
    Bytes contents(String pathOrUrl, String range, HttpClient.Version version) throws IOException, InterruptedException {
        HttpRequest.Builder b = request(pathOrUrl).GET();
        if (range != null) {
            b.header("Range", range);
        }
        HttpResponse<byte[]> response = HttpClient.newBuilder().version(version).build()
                .send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Bytes(response.statusCode(), response.body(), response);
    }

    Answer upload(Path file) throws IOException, InterruptedException {
        String boundary = "----hpcsweep" + UUID.randomUUID();
        byte[] body = org.hpcsweep.service.TestStudies.multipartFile(boundary, "file", file);
        return send(request("/api/v2/files/contents/").header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** An upload of a file as {@link #upload(Path)}, over the given HTTP version (HTTP/2 is asked for as h2c). */
    Answer upload(Path file, HttpClient.Version version) throws IOException, InterruptedException {
        String boundary = "----hpcsweep" + UUID.randomUUID();
        byte[] body = org.hpcsweep.service.TestStudies.multipartFile(boundary, "file", file);
        HttpResponse<String> response = HttpClient.newBuilder().version(version).build().send(
                request("/api/v2/files/contents/").header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }

    /** A POST to the upload endpoint with a body and content type of the caller's making. */
    Answer uploadRaw(String contentType, byte[] body) throws IOException, InterruptedException {
        return send(request("/api/v2/files/contents/").header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private HttpRequest.Builder request(String pathOrUrl) {
        HttpRequest.Builder b = HttpRequest.newBuilder(pathOrUrl.startsWith("http") ? URI.create(pathOrUrl) : base.resolve(pathOrUrl));
        if (key != null) {
            b.header("Authorization", "Token " + key);
        }
        return b;
    }

    private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }
}
