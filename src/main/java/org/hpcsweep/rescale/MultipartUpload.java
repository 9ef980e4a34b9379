package org.hpcsweep.rescale;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.hc.client5.http.entity.mime.FileBody;
import org.apache.hc.client5.http.entity.mime.HttpMultipartMode;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.core5.http.ContentType;
import org.hpcsweep.study.StudyRun;

/**
 * Makes the body of {@code POST /api/v2/files/contents/}: one multipart part named {@code file}.
 * The part is a {@link FileBody}, which camel-http streams from disk as it sends, so an input of
 * any size is never held in memory.
 */
public final class MultipartUpload implements Processor {

    @Override
    public void process(Exchange exchange) {
        StudyRun run = exchange.getMessage().getBody(StudyRun.class);
        Path zip = run.getZip();
        exchange.getMessage().setBody(MultipartEntityBuilder.create()
                .setMode(HttpMultipartMode.STRICT)
                .addPart("file", new BlockFileBody(zip.toFile(), ContentType.create("application/zip"), zip.getFileName().toString()))
                .build());
        exchange.setProperty(PlatformAccount.CALL, "POST /files/contents/");
    }

    /**
     * Answers the stored file's id once the platform's answer says it holds every byte of the zip
     * ({@code decryptedSize}); a short copy fails this try, and the upload step is retried.
     */
    public String storedId(JsonNode answer, StudyRun run) throws IOException {
        long sent = Files.size(run.getZip());
        JsonNode stored = answer.path("decryptedSize");
        if (stored.isNumber() && stored.asLong() != sent) {
            throw new ShortUploadException("the platform stored " + stored.asLong() + " bytes of the " + sent + " sent for "
                    + run.getZip().getFileName() + " (file " + answer.path("id").asText() + ")");
        }
        return answer.path("id").asText();
    }

    /**
     * A FileBody that writes in 1 MiB blocks: FileBody's own 4 KiB blocks cost about 260,000 writes
     * per GiB down through the client's session buffer to the socket. One block per upload in memory.
     */
    private static final class BlockFileBody extends FileBody {
        private static final int BLOCK = 1 << 20;

        BlockFileBody(java.io.File file, ContentType type, String name) {
            super(file, type, name);
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            byte[] block = new byte[BLOCK];
            try (InputStream in = Files.newInputStream(getFile().toPath())) {
                for (int n; (n = in.read(block)) >= 0; ) {
                    out.write(block, 0, n);
                }
            }
            out.flush();
        }
    }
}
