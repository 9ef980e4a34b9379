package org.hpcsweep.platform;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerFileUpload;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Receives the file part of {@code POST /api/v2/files/contents/} from the socket into a file, with
 * its MD5 (the file JSON's {@code md5}) taken while the bytes arrive ({@link DigestingFileWriter}).
 *
 * <p>Why not Vert.x's body handler, which platform-http uses for attachments: it wrote each chunk
 * through an AsyncFile (positional writes of one file from several pool threads, contending on the
 * file's lock) and the MD5 was then a second pass over the stored file; a 2 GiB upload took
 * 8–13 s, about 3 s of it the second pass. Here Vert.x still parses the multipart stream (on its
 * event loop), this thread writes the part in order, another digests it, and the request is paused
 * while more than {@link #HIGH_WATER} bytes (by default) wait to be written, so memory stays bounded whatever
 * the size.
 *
 * <p>Runs on the Vert.x worker thread that platform-http gave the route (the request paused, its
 * body unread: {@code useBodyHandler=false}); that thread waits for the upload to end, as the
 * download's does for {@code sendFile}.
 */
final class UploadReceiver {
    /** Bytes received but not yet written at which the request is paused, and resumed below a quarter of it. */
    static final long HIGH_WATER = 8L << 20;
    /** A client that sends nothing for this long is dropped, so that it holds no worker thread for ever. */
    static final long IDLE_LIMIT_SECONDS = 120;
    private static final Object END = new Object();
    private static final Object PART_END = new Object();

    private final Path dir;
    private final Executor digesters;
    private final long highWater;

    /** A part written to {@code file}; {@code name} is the client's file name, {@code null} when no file part came. */
    record Received(Path file, String name, long size, String md5) {
    }

    UploadReceiver(Path dir, Executor digesters) throws IOException {
        this(dir, digesters, HIGH_WATER);
    }

    /** {@code highWater}: bytes waiting at which the request is paused (tests pause it often with a small one). */
    UploadReceiver(Path dir, Executor digesters, long highWater) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.digesters = digesters;
        this.highWater = highWater;
    }

    /**
     * Reads the whole request. Keeps its first file part (Rescale's form has one, named
     * {@code file}); later parts are read and dropped. Answers a {@code Received} with a null file
     * when the request had no file part. When the part cannot be stored (disk full, say) the rest of
     * the request is still read, so that the caller's error answer reaches the client.
     */
    Received receive(HttpServerRequest request) throws IOException {
        Context context = eventLoopOf();
        String type = request.getHeader("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            // Not a form (Vert.x would refuse to decode it): no file part, and the body is read and dropped.
            discard(request);
            return new Received(null, null, 0, null);
        }
        BlockingQueue<Object> arrived = new LinkedBlockingQueue<>();
        AtomicLong waiting = new AtomicLong();
        AtomicBoolean paused = new AtomicBoolean();
        HttpServerFileUpload[] kept = new HttpServerFileUpload[1];
        context.runOnContext(v -> {
            request.setExpectMultipart(true);
            request.uploadHandler(upload -> {
                if (kept[0] != null) {
                    upload.handler(ignored -> { });
                    return;
                }
                kept[0] = upload;
                arrived.add(upload);
                upload.handler(buffer -> {
                    arrived.add(buffer);
                    if (waiting.addAndGet(buffer.length()) > highWater && paused.compareAndSet(false, true)) {
                        upload.pause();
                    }
                });
                upload.exceptionHandler(arrived::add);
                // The part's own end, in order after its last piece: the request's end can come first,
                // while pieces held back by a pause are still to be delivered.
                upload.endHandler(end -> arrived.add(PART_END));
            });
            request.exceptionHandler(arrived::add);
            request.endHandler(end -> arrived.add(END));
            request.resume();
        });

        Path part = null;
        String name = null;
        DigestingFileWriter writer = null;
        IOException notStored = null;
        boolean stored = false;
        try {
            Runnable beforeWaiting = () -> resumeIfPaused(context, paused, kept);
            boolean requestEnded = false;
            boolean partStarted = false;
            boolean partEnded = false;
            while (!requestEnded || partStarted && !partEnded) {
                Object next = nextOf(arrived, beforeWaiting);
                if (next == END) {
                    requestEnded = true;
                    continue;
                }
                if (next == PART_END) {
                    partEnded = true;
                    continue;
                }
                if (next instanceof Throwable failure) {
                    // The connection is gone (or goes now): nothing more will arrive, and no answer can be sent.
                    context.runOnContext(v -> request.connection().close());
                    throw new IOException("upload broken off: " + failure.getMessage(), failure);
                }
                if (next instanceof HttpServerFileUpload upload) {
                    partStarted = true;
                    name = upload.filename();
                    try {
                        part = Files.createTempFile(dir, "upload", ".part");
                        writer = new DigestingFileWriter(part, digesters);
                    } catch (IOException e) {
                        notStored = e;
                    }
                    continue;
                }
                Buffer piece = (Buffer) next;
                if (notStored == null) {
                    try {
                        writer.write(piece.length(), piece::getBytes);
                    } catch (IOException e) {
                        notStored = e;
                    }
                }
                if (waiting.addAndGet(-piece.length()) < highWater / 4) {
                    resumeIfPaused(context, paused, kept);
                }
            }
            if (notStored != null) {
                throw notStored;
            }
            if (part == null) {
                return new Received(null, null, 0, null);
            }
            long size = writer.size();
            Received received = new Received(part, name, size, writer.finish());
            stored = true;
            return received;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("upload interrupted");
        } finally {
            if (!stored) {
                if (writer != null) {
                    writer.close();
                }
                if (part != null) {
                    Files.deleteIfExists(part);
                }
            }
        }
    }

    /**
     * The next event, or a failure when the client has sent nothing for {@link #IDLE_LIMIT_SECONDS}.
     * Before it waits on an empty queue, the upload is resumed if paused: the event loop may have
     * paused it just after this thread had drained what was waiting.
     */
    private static Object nextOf(BlockingQueue<Object> arrived, Runnable beforeWaiting) throws InterruptedException {
        Object next = arrived.poll();
        if (next != null) {
            return next;
        }
        beforeWaiting.run();
        next = arrived.poll(IDLE_LIMIT_SECONDS, TimeUnit.SECONDS);
        return next != null ? next : new TimeoutException("nothing arrived for " + IDLE_LIMIT_SECONDS + " s");
    }

    private static void resumeIfPaused(Context context, AtomicBoolean paused, HttpServerFileUpload[] kept) {
        if (paused.get()) {
            context.runOnContext(v -> {
                if (paused.compareAndSet(true, false)) {
                    kept[0].resume();
                }
            });
        }
    }

    /** Reads and drops a request's body, so that an error answer reaches a client that sends before it reads. */
    void discard(HttpServerRequest request) throws IOException {
        CompletableFuture<Void> ended = new CompletableFuture<>();
        AtomicLong lastSeen = new AtomicLong(System.nanoTime());
        Context context = eventLoopOf();
        context.runOnContext(v -> {
            request.handler(ignored -> lastSeen.set(System.nanoTime()));
            request.exceptionHandler(ended::completeExceptionally);
            request.endHandler(end -> ended.complete(null));
            request.resume();
        });
        try {
            while (true) {
                try {
                    ended.get(1, TimeUnit.SECONDS);
                    return;
                } catch (TimeoutException stillSending) {
                    if (System.nanoTime() - lastSeen.get() > TimeUnit.SECONDS.toNanos(IDLE_LIMIT_SECONDS)) {
                        context.runOnContext(v -> request.connection().close());
                        throw new IOException("upload broken off: nothing arrived for " + IDLE_LIMIT_SECONDS + " s");
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("upload interrupted");
        } catch (ExecutionException e) {
            throw new IOException("upload broken off: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** The request's event loop: platform-http runs the route in Vert.x's executeBlocking, which keeps the caller's context. */
    private static Context eventLoopOf() {
        Context context = Vertx.currentContext();
        if (context == null) {
            throw new IllegalStateException("uploads are received on the platform's Vert.x server only");
        }
        return context;
    }
}
