package org.hpcsweep.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * The local platform's file endpoints of Rescale's v2 API, one method per endpoint (wired to paths in
 * routes/platform/10-files.yaml): upload, a file's record, its contents. Each answers as Rescale does
 * ({@link PlatformAnswers}: the token, status codes, DRF-style errors) in Rescale's JSON shapes
 * ({@link RescaleJson}). The jobs' endpoints are {@link PlatformJobsApi}.
 */
public final class PlatformFilesApi {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private final String baseUrl;
    private final FileStore files;
    private final PlatformCounters counters;
    private final UploadReceiver uploads;
    private final PlatformAnswers answers;

    PlatformFilesApi(String baseUrl, FileStore files, PlatformCounters counters, UploadReceiver uploads, PlatformAnswers answers) {
        this.baseUrl = baseUrl;
        this.files = files;
        this.counters = counters;
        this.uploads = uploads;
        this.answers = answers;
    }

    /**
     * Stores the request's file part. The body arrives unread (the route's {@code useBodyHandler=false})
     * and {@link UploadReceiver} streams it to disk; a request that fails the token check is read
     * and dropped first, so that the client, which sends its whole body before it reads, gets the 401.
     */
    public void upload(Exchange exchange) {
        if (!(exchange.getIn() instanceof HttpMessage http)) {
            answers.error(exchange.getMessage(), "POST", "/api/v2/files/contents/",
                    ApiError.detail(500, "uploads are received over the platform's HTTP server only"));
            return;
        }
        HttpServerRequest request = http.getRequest();
        answers.answer(exchange, "POST", "/api/v2/files/contents/", 201, m -> {
            try {
                UploadReceiver.Received received = uploads.receive(request);
                if (received.file() == null) {
                    throw new ApiError(400, Map.of("file", List.of("No file was submitted.")));
                }
                StoredFile file = files.adoptUpload(received.file(), received.name(), received.md5());
                counters.fileUploaded();
                return RescaleJson.file(baseUrl, file);
            } catch (IOException e) {
                throw ApiError.detail(500, "upload not stored: " + e.getMessage());
            }
        }, () -> uploads.discard(request));
    }

    public void file(Exchange exchange) {
        answers.answer(exchange, "GET", "/api/v2/files/{id}/", 200, m -> RescaleJson.file(baseUrl, file(m)));
    }

    /**
     * Sends a file's bytes, whole or one {@code Range}, with Vert.x's {@code sendFile}: the kernel
     * copies from the page cache to the socket (no Java buffers, constant heap), where handing Camel
     * an InputStream would move it in 16 KiB chunks through a worker thread (far slower: bench,
     * figure 3). Camel writes no response of its own once this one has ended;
     * the worker thread that runs this waits for the transfer to end.
     */
    public void fileContents(Exchange exchange) {
        Message m = exchange.getMessage();
        try {
            answers.requireToken(m);
            StoredFile file = file(m);
            if (!(exchange.getIn() instanceof HttpMessage http)) {
                throw ApiError.detail(500, "file contents are served over the platform's HTTP server only");
            }
            long size = Files.size(file.path());
            String range = m.getHeader("Range", String.class);
            HttpServerResponse response = http.getResponse();
            response.putHeader("Content-Type", "application/octet-stream");
            response.putHeader("Content-Disposition", "attachment; filename=\"" + file.name().replace("\"", "") + "\"");
            response.putHeader("Accept-Ranges", "bytes");
            Matcher r = range == null ? null : RANGE.matcher(range.strip());
            long from = 0;
            long length = size;
            int status = 200;
            if (r != null && r.matches() && !(r.group(1).isEmpty() && r.group(2).isEmpty())) {
                from = r.group(1).isEmpty() ? Math.max(0, size - Long.parseLong(r.group(2))) : Long.parseLong(r.group(1));
                long to = r.group(1).isEmpty() || r.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(r.group(2)));
                if (from >= size || from > to) {
                    response.putHeader("Content-Range", "bytes */" + size);
                    answers.status(m, "GET", "/api/v2/files/{id}/contents/", 416);
                    response.setStatusCode(416).end();
                    return;
                }
                response.putHeader("Content-Range", "bytes " + from + "-" + to + "/" + size);
                length = to - from + 1;
                status = 206;
            }
            answers.status(m, "GET", "/api/v2/files/{id}/contents/", status);
            // Waits for the end of the transfer: over HTTP/2 (h2c, which java.net.http asks for) the
            // response is not ended when sendFile returns, and Camel would then write a second one.
            // A client that goes away fails the transfer; there is no one left to answer.
            response.setStatusCode(status).sendFile(file.path().toString(), from, length)
                    .toCompletionStage().toCompletableFuture().exceptionally(gone -> null).join();
        } catch (ApiError e) {
            answers.error(m, "GET", "/api/v2/files/{id}/contents/", e);
        } catch (IOException e) {
            answers.error(m, "GET", "/api/v2/files/{id}/contents/", ApiError.detail(500, e.getMessage()));
        }
    }

    private StoredFile file(Message m) {
        return files.find(m.getHeader("id", String.class)).orElseThrow(ApiError::notFound);
    }
}
