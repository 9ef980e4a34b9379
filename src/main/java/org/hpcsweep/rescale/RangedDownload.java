package org.hpcsweep.rescale;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.ProducerTemplate;
import org.hpcsweep.flow.FlowProperties;

/**
 * A large result file comes down as two halves at once, each on its own connection and thread, each
 * written at its own offset into the one pre-sized {@code <resultFileName>.part}, renamed when both
 * are whole (routes/engine-rescale/00-platform-call.yaml, {@code fetch-file}).
 *
 * <p>Why: one thread that receives and then writes does two kernel copies one after the other (about
 * 2.5 times cp); a second thread that only writes what the first received cost three times the CPU
 * for the same write (the hand-off between the two vCPUs) and was slower. Two threads that each
 * receive and write their own half overlap the two copies without handing bytes over
 * (bench/ANALYSIS.md, item 3).
 *
 * <p>The halves are asked only when the file's size is known ({@link PagedSearch#FOUND_SIZE}, from
 * the file list's {@code decryptedSize}) and above the threshold; the second half is asked only once
 * the first one's answer is a 206: a platform that ignores {@code Range} answers 200 with the whole
 * file, which the route then takes as one stream, so nothing is downloaded twice (camel-http reads
 * an unread answer to its end, so a second request sent blindly would have cost a whole file).
 */
public final class RangedDownload {
    /** Exchange property: the part of the file this exchange asks for ({@link Part}), absent for the whole file. */
    public static final String PART = "downloadPart";
    /** Exchange property: the second half, asked by {@code direct:fetch-second-half} once the first one came as a 206. */
    public static final String SECOND = "downloadSecondHalf";
    /** Read (and written) at most this much at a time: bounded memory per half whatever the file's size. */
    private static final int BLOCK = 1 << 20;

    /** Bytes {@code from} to {@code to} (inclusive, as HTTP counts them) of a file of {@code size} bytes. */
    public record Part(long from, long to, long size) {
        String range() {
            return "bytes=" + from + "-" + to;
        }

        String contentRange() {
            return "bytes " + from + "-" + to + "/" + size;
        }

        long length() {
            return to - from + 1;
        }
    }

    private final long above;
    private ProducerTemplate template;

    /** @param above files larger than this many bytes come in two halves; 0 or less: always one stream */
    public RangedDownload(long above) {
        this.above = above;
    }

    /** Plans the halves when the file is large enough ({@link #PART}, {@link #SECOND}); otherwise the whole file is asked for. */
    public void plan(Exchange exchange) {
        exchange.removeProperty(PART);
        exchange.removeProperty(SECOND);
        Long size = exchange.getProperty(PagedSearch.FOUND_SIZE, Long.class);
        if (above <= 0 || size == null || size <= above) {
            return;
        }
        long half = size / 2;
        exchange.setProperty(PART, new Part(0, half - 1, size));
        exchange.setProperty(SECOND, new Part(half, size - 1, size));
    }

    /** The {@code Range} header of the part this exchange asks for, if any (after the gate, which resets the headers). */
    public void ask(Exchange exchange) {
        Part part = exchange.getProperty(PART, Part.class);
        if (part != null) {
            exchange.getMessage().setHeader("Range", part.range());
        }
    }

    /** Whether the answer is the part asked for (206), not the whole file of a platform that ignores {@code Range}. */
    public boolean isPart(Exchange exchange) {
        return exchange.getProperty(PART) != null
                && exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class) == 206;
    }

    /** Creates {@code <name>.part} at the file's full size, for the two halves to write into at their offsets. */
    public void open(Exchange exchange) throws IOException {
        Part part = exchange.getProperty(PART, Part.class);
        try (FileChannel out = FileChannel.open(PartFile.of(exchange), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(ByteBuffer.allocate(1), part.size() - 1);
        }
    }

    /**
     * Writes this answer's body, the part asked for, at its offset in {@code <name>.part}. Fails when the
     * platform answered another range than asked, or fewer or more bytes than the part holds (a
     * connection cut short also fails in the HTTP client, on its Content-Length).
     */
    public void receive(Exchange exchange) throws IOException {
        Part part = exchange.getProperty(PART, Part.class);
        String answered = exchange.getMessage().getHeader("Content-Range", String.class);
        if (!part.contentRange().equals(answered)) {
            throw new IOException("asked the platform for " + part.contentRange() + ", it answered " + answered);
        }
        byte[] block = new byte[BLOCK];
        long position = part.from();
        long end = part.to() + 1;
        try (InputStream in = exchange.getMessage().getMandatoryBody(InputStream.class);
             FileChannel out = FileChannel.open(PartFile.of(exchange), StandardOpenOption.WRITE)) {
            for (int n; (n = in.read(block)) >= 0; ) {
                if (position + n > end) {
                    throw new IOException("the platform sent more than " + part.contentRange());
                }
                ByteBuffer bytes = ByteBuffer.wrap(block, 0, n);
                while (bytes.hasRemaining()) {
                    position += out.write(bytes, position);
                }
            }
        } catch (InvalidPayloadException e) {
            throw new IOException("no body in the platform's answer for " + part.contentRange(), e);
        }
        if (position != end) {
            throw new IOException("the platform sent " + (position - part.from()) + " of the " + part.length() + " bytes of "
                    + part.contentRange());
        }
    }

    /**
     * Receives the first half (this exchange's answer) on this thread while the second is asked and
     * received on another ({@code direct:fetch-second-half}, a copy of this exchange asking {@link #SECOND}).
     * Returns, or fails with the first failure of either, only once both have ended: no write lands after
     * the route's finally removed the file. Not a parallel multicast: a failure inside one is marked
     * exhausted, and the fetch step would not retry it.
     */
    public void receiveHalves(Exchange exchange) throws Exception {
        Exchange second = exchange.copy();
        second.setProperty(PART, exchange.getProperty(SECOND));
        CompletableFuture<Exchange> received = template(exchange).asyncSend("direct:fetch-second-half", second);
        Exception failure = null;
        try {
            receive(exchange);
        } catch (Exception e) {
            failure = e;
        }
        Exchange done = received.get();
        if (failure == null && done.getException() != null) {
            failure = done.getException();
        }
        if (failure != null) {
            throw failure;
        }
    }

    private ProducerTemplate template(Exchange exchange) {
        synchronized (this) {
            if (template == null) {
                template = exchange.getContext().createProducerTemplate();
            }
            return template;
        }
    }

    /** Both halves whole: {@code <name>.part} becomes the result. */
    public void finish(Exchange exchange) throws IOException {
        Path part = PartFile.of(exchange);
        Files.move(part, part.resolveSibling(exchange.getProperty(FlowProperties.RESULT_FILE_NAME, String.class)),
                StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
