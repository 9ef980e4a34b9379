package org.hpcsweep.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * UploadReceiver on a bare Vert.x server on loopback, with a high-water mark of 16 KiB so that the
 * request is paused and resumed thousands of times per upload, the end of the request included.
 */
class UploadReceiverTest {
    @TempDir
    static Path dir;
    static Vertx vertx;
    static HttpServer server;
    static ExecutorService digesters;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        digesters = Executors.newCachedThreadPool();
        UploadReceiver receiver = new UploadReceiver(dir.resolve("uploads"), digesters, 16 << 10);
        server = vertx.createHttpServer().requestHandler(request -> {
            request.pause();
            // As platform-http does: the receiver runs on a worker thread and waits for the upload.
            vertx.executeBlocking(() -> receiver.receive(request), false).onComplete(done -> {
                if (done.failed()) {
                    request.response().setStatusCode(500).end(String.valueOf(done.cause()));
                    return;
                }
                UploadReceiver.Received r = done.result();
                request.response().end(r.file() == null ? "none" : Files.exists(r.file()) + " " + sizeOf(r.file()) + " " + r.size() + " " + r.md5());
            });
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        digesters.shutdownNow();
    }

    @Test
    void should_store_every_byte_when_the_request_ends_while_the_upload_is_paused() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int round = 0; round < 20; round++) {
            byte[] data = new byte[3 * 1048576 + round * 4099];
            new Random(round).nextBytes(data);
            String boundary = "----receiver-test-" + round;
            byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"r.zip\"\r\n"
                    + "Content-Type: application/zip\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + "/"))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                            HttpRequest.BodyPublishers.ofByteArray(data), HttpRequest.BodyPublishers.ofByteArray(tail))).build(),
                    HttpResponse.BodyHandlers.ofString());

            String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
            assertEquals(200, answer.statusCode(), answer.body());
            assertEquals("true " + data.length + " " + data.length + " " + md5, answer.body(), "round " + round);
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
