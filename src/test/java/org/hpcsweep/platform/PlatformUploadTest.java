package org.hpcsweep.platform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/v2/files/contents/} as the platform streams it (UploadReceiver, DigestingFileWriter):
 * over real HTTP on loopback, with parts larger than the receiver's buffers, odd forms, a wrong
 * token and a client that breaks off.
 */
class PlatformUploadTest {
    private static final String KEY = "upload-test-key";
    private static final String BOUNDARY = "----upload-test-boundary";
    @TempDir
    static Path dir;
    @RegisterExtension
    static final OnePlatform PLATFORM = new OnePlatform(KEY);

    @Test
    void should_store_a_part_larger_than_the_receivers_buffers_byte_for_byte_with_its_md5() throws Exception {
        // 20 MiB and an odd tail: more than the 8 MiB at which the request is paused, and not a multiple of a block.
        byte[] data = random(20 * 1048576 + 12_345, 1);
        Path file = Files.write(dir.resolve("big input.zip"), data);

        PlatformClient.Answer answer = PLATFORM.api().upload(file);

        assertEquals(201, answer.status(), answer.body());
        JsonNode json = answer.json();
        assertEquals("big input.zip", json.path("name").asText());
        assertEquals(data.length, json.path("decryptedSize").asLong());
        assertEquals(md5(data), json.path("md5").asText());
        PlatformClient.Bytes back = PLATFORM.api().contents(json.path("downloadUrl").asText(), null, java.net.http.HttpClient.Version.HTTP_1_1);
        assertArrayEquals(data, back.body());
        assertEquals(List.of(), partialFiles());
    }

    @Test
    void should_take_an_upload_over_http_2_as_over_http_1_1() throws Exception {
        byte[] data = random(3 * 1048576 + 7, 5);
        Path file = Files.write(dir.resolve("h2.zip"), data);
        for (var version : List.of(java.net.http.HttpClient.Version.HTTP_2, java.net.http.HttpClient.Version.HTTP_1_1)) {
            PlatformClient.Answer answer = PLATFORM.api().upload(file, version);
            assertEquals(201, answer.status(), version + ": " + answer.body());
            assertEquals(md5(data), answer.json().path("md5").asText(), version.toString());
        }
    }

    @Test
    void should_keep_the_file_part_of_a_form_that_has_other_fields_and_a_boundary_like_line_in_the_data() throws Exception {
        // Data that holds the boundary's dashes and CRLFs, though not the delimiter itself.
        byte[] data = ("line one\r\n--" + BOUNDARY.substring(0, 10) + "\r\n--\r\nlast").getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(field("description", "a study input"));
        body.write(filePart("file", "input.zip", data));
        body.write(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));

        PlatformClient.Answer answer = PLATFORM.api().uploadRaw("multipart/form-data; boundary=" + BOUNDARY, body.toByteArray());

        assertEquals(201, answer.status(), answer.body());
        assertEquals("input.zip", answer.json().path("name").asText());
        assertEquals(md5(data), answer.json().path("md5").asText());
        assertArrayEquals(data, PLATFORM.api().contents(answer.json().path("downloadUrl").asText(), null,
                java.net.http.HttpClient.Version.HTTP_1_1).body());
    }

    @Test
    void should_answer_400_when_the_request_has_no_file_part() throws Exception {
        byte[] onlyField = concat(field("description", "no file here"), ("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        PlatformClient.Answer form = PLATFORM.api().uploadRaw("multipart/form-data; boundary=" + BOUNDARY, onlyField);
        PlatformClient.Answer json = PLATFORM.api().uploadRaw("application/json", "{\"file\": \"input.zip\"}".getBytes(StandardCharsets.UTF_8));

        for (PlatformClient.Answer answer : List.of(form, json)) {
            assertEquals(400, answer.status(), answer.body());
            assertEquals("No file was submitted.", answer.json().path("file").path(0).asText());
        }
    }

    @Test
    void should_answer_401_to_a_large_upload_with_a_wrong_token_and_store_nothing() throws Exception {
        long storedBefore = storedFiles();
        Path file = Files.write(dir.resolve("not-mine.zip"), random(5 * 1048576, 2));

        PlatformClient.Answer answer = new PlatformClient(PLATFORM.platform().baseUrl(), "wrong-key").upload(file);

        assertEquals(401, answer.status(), answer.body());
        assertEquals("Invalid token.", answer.json().path("detail").asText());
        assertEquals(storedBefore, storedFiles());
        assertEquals(List.of(), partialFiles());
    }

    @Test
    void should_drop_the_partial_file_of_a_client_that_breaks_off_and_go_on_serving() throws Exception {
        byte[] head = filePart("file", "cut.zip", new byte[0]);
        try (Socket socket = new Socket("127.0.0.1", PLATFORM.platform().baseUrl().getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v2/files/contents/ HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Token " + KEY
                    + "\r\nContent-Type: multipart/form-data; boundary=" + BOUNDARY
                    + "\r\nContent-Length: " + (64L << 20) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(head, 0, head.length - 2);
            out.write(random(12 * 1048576, 3));
            out.flush();
        }
        long end = System.nanoTime() + 10_000_000_000L;
        while (!partialFiles().isEmpty() && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        assertEquals(List.of(), partialFiles(), "the broken-off upload's part file is removed");

        Path file = Files.write(dir.resolve("after.zip"), random(1000, 4));
        assertEquals(201, PLATFORM.api().upload(file).status(), "the platform serves the next upload");
    }

    private static List<Path> partialFiles() throws Exception {
        Path uploads = PLATFORM.dataDir().resolve("uploads");
        if (!Files.isDirectory(uploads)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(uploads)) {
            return files.toList();
        }
    }

    private static long storedFiles() throws Exception {
        Path files = PLATFORM.dataDir().resolve("files");
        if (!Files.isDirectory(files)) {
            return 0;
        }
        try (Stream<Path> stored = Files.list(files)) {
            return stored.count();
        }
    }

    private static byte[] field(String name, String value) {
        return ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** One file part, ending with the CRLF that precedes the next delimiter. */
    private static byte[] filePart(String name, String fileName, byte[] data) {
        byte[] head = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/zip\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        return concat(concat(head, data), "\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    private static String md5(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    }
}
