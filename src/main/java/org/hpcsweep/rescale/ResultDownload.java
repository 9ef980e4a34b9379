package org.hpcsweep.rescale;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.hpcsweep.flow.FlowProperties;

/**
 * Writes a download's body (the platform's answer, a stream straight off the socket) into the job's
 * folder: under {@code <name>.part} while it arrives, renamed to {@code <name>} once all the bytes
 * the answer announced (its Content-Length) are there. A download that fails for any reason leaves
 * neither name behind: a later step never takes half a file for the result, and a fetch whose retries
 * all failed leaves no stale {@code .part} in the job's folder.
 *
 * <p>Why not Camel's file producer, which did this before: it reads and writes on one thread, one
 * socket read (tens of KiB) per file write, so receiving (a kernel copy out of the socket) and writing
 * (a kernel copy into the page cache) never overlap. Here a large file is read on the route's thread
 * into a few 1 MiB blocks, reused, while a second thread writes the blocks already full (figure 3,
 * bench/ANALYSIS.md item 3). Memory: {@link #BLOCKS} × {@link #BLOCK} per download in flight, whatever
 * the file's size.
 */
public final class ResultDownload {
    static final int BLOCK = 1 << 20;
    static final int BLOCKS = 8;
    private static final byte[] END = new byte[0];

    private ExecutorService writers;

    /** The body into {@code <jobDir>/<resultFileName>}, by way of {@code <resultFileName>.part}. */
    public void write(Exchange exchange) throws IOException, InvalidPayloadException, InterruptedException {
        Path dir = Path.of(exchange.getProperty(FlowProperties.JOB_DIR, String.class));
        String name = exchange.getProperty(FlowProperties.RESULT_FILE_NAME, String.class);
        Path target = dir.resolve(name);
        Path part = dir.resolve(name + ".part");
        long announced = exchange.getMessage().getHeader(Exchange.CONTENT_LENGTH, -1L, Long.class);
        InputStream body = exchange.getMessage().getMandatoryBody(InputStream.class);
        try {
            Files.createDirectories(dir);
            long written;
            try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                written = announced >= 0 && announced < 2L * BLOCK ? copy(body, out) : overlapped(exchange, body, out);
            }
            if (announced >= 0 && written != announced) {
                throw new IOException(name + ": " + written + " bytes arrived of the " + announced + " announced");
            }
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            body.close();
        } catch (IOException | RuntimeException | InterruptedException e) {
            Files.deleteIfExists(part);
            throw e;
        }
    }

    /** A small file: read and written in turn on this thread. */
    private static long copy(InputStream in, FileChannel out) throws IOException {
        byte[] block = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = in.read(block)) >= 0; ) {
            ByteBuffer b = ByteBuffer.wrap(block, 0, n);
            while (b.hasRemaining()) {
                out.write(b);
            }
            total += n;
        }
        return total;
    }

    /**
     * A large file (or one of unknown size): this thread fills blocks from the socket, a writer thread
     * writes each full block and hands it back. A failed write stops the reading at the next block.
     */
    private long overlapped(Exchange exchange, InputStream in, FileChannel out) throws IOException, InterruptedException {
        BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BLOCKS);
        // Room for every block and the end mark: the reader never waits on this queue.
        BlockingQueue<ByteBuffer> full = new ArrayBlockingQueue<>(BLOCKS + 1);
        for (int i = 0; i < BLOCKS; i++) {
            free.add(new byte[BLOCK]);
        }
        AtomicReference<IOException> failed = new AtomicReference<>();
        Future<?> writer = writers(exchange).submit(() -> {
            try {
                for (ByteBuffer b; (b = full.take()).array() != END; ) {
                    // After a failed write, blocks still come back, unwritten, until the reader sees the failure.
                    if (failed.get() == null) {
                        try {
                            while (b.hasRemaining()) {
                                out.write(b);
                            }
                        } catch (IOException e) {
                            failed.set(e);
                        }
                    }
                    free.add(b.array());
                }
            } catch (InterruptedException e) {
                failed.compareAndSet(null, new java.io.InterruptedIOException("download writer interrupted"));
            }
        });
        long total = 0;
        try {
            boolean end = false;
            while (!end && failed.get() == null) {
                byte[] block = free.poll(1, TimeUnit.SECONDS);
                if (block == null) {
                    // Only a writer gone (its pool stopped under it) keeps every block.
                    if (writer.isDone()) {
                        failed.compareAndSet(null, new IOException("the download's writer stopped"));
                    }
                    continue;
                }
                int filled = 0;
                while (filled < block.length) {
                    int n = in.read(block, filled, block.length - filled);
                    if (n < 0) {
                        end = true;
                        break;
                    }
                    filled += n;
                }
                if (filled > 0) {
                    full.add(ByteBuffer.wrap(block, 0, filled));
                    total += filled;
                }
            }
        } catch (IOException | RuntimeException | InterruptedException e) {
            full.add(ByteBuffer.wrap(END));
            awaitQuietly(writer);
            throw e;
        }
        full.add(ByteBuffer.wrap(END));
        awaitQuietly(writer);
        if (failed.get() != null) {
            throw failed.get();
        }
        return total;
    }

    /** The writer's own failures are in {@code failed}; this only waits until it has let go of the file. */
    private static void awaitQuietly(Future<?> writer) throws InterruptedException {
        try {
            writer.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("download writer", e.getCause());
        }
    }

    /** Camel's own pool, so that its threads are named, counted and stopped with the service. */
    private synchronized ExecutorService writers(Exchange exchange) {
        if (writers == null) {
            writers = exchange.getContext().getExecutorServiceManager().newCachedThreadPool(this, "download-writer");
        }
        return writers;
    }
}
