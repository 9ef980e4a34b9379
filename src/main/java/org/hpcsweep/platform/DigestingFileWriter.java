package org.hpcsweep.platform;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * Writes a stream of small pieces to a file in 64 KiB blocks and takes its MD5 on another thread
 * as it goes, so that the digest costs no second pass over the file and no time on the writing
 * thread. The HTTP decoder hands an upload over in 8 KiB pieces. Block size and count were chosen
 * by measurement (bench/ANALYSIS.md, "Upload digest blocks"): smaller blocks cost more hand-overs, fewer and larger
 * ones made the writer wait on the digest in long steps. Memory: {@link #BLOCKS} blocks, 4 MiB,
 * whatever the file's size; the writer waits when the digest is that far behind.
 */
final class DigestingFileWriter implements Closeable {
    static final int BLOCK = 64 << 10;
    static final int BLOCKS = 64;

    private record Block(byte[] bytes, int length) {
    }

    private static final Block END = new Block(new byte[0], -1);

    private final FileChannel out;
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BLOCKS);
    private final BlockingQueue<Block> toDigest = new ArrayBlockingQueue<>(BLOCKS + 1);
    private final CompletableFuture<String> md5;
    private byte[] current;
    private int filled;
    private long size;
    private boolean ended;

    DigestingFileWriter(Path file, Executor digesters) throws IOException {
        this.out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        for (int i = 1; i < BLOCKS; i++) {
            free.add(new byte[BLOCK]);
        }
        this.current = new byte[BLOCK];
        this.md5 = CompletableFuture.supplyAsync(this::digest, digesters);
    }

    /** A piece of the stream that copies a range of itself into an array (a Vert.x Buffer's getBytes). */
    @FunctionalInterface
    interface Piece {
        void copy(int from, int to, byte[] into, int at);
    }

    /** Appends a piece's {@code length} bytes (the piece is read, not kept). */
    void write(int length, Piece piece) throws IOException {
        int done = 0;
        while (done < length) {
            int n = Math.min(length - done, BLOCK - filled);
            piece.copy(done, done + n, current, filled);
            done += n;
            filled += n;
            if (filled == BLOCK) {
                flush();
            }
        }
    }

    long size() {
        return size + filled;
    }

    /** Writes what is left, closes the file and answers its MD5 (hex). */
    String finish() throws IOException {
        flush();
        out.close();
        end();
        try {
            return md5.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("digest interrupted");
        } catch (ExecutionException e) {
            throw new IOException("digest failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Abandons the file (the caller deletes it): the digest thread is let go, the file closed. */
    @Override
    public void close() throws IOException {
        if (!ended) {
            toDigest.clear();
            end();
        }
        out.close();
    }

    private void flush() throws IOException {
        if (filled == 0) {
            return;
        }
        ByteBuffer block = ByteBuffer.wrap(current, 0, filled);
        while (block.hasRemaining()) {
            out.write(block);
        }
        try {
            toDigest.put(new Block(current, filled));
            size += filled;
            filled = 0;
            current = free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("upload interrupted");
        }
    }

    private void end() {
        ended = true;
        // Never blocks: the queue holds one more than there are blocks.
        toDigest.offer(END);
    }

    private String digest() {
        try {
            MessageDigest digest = MessageDigest.getInstance("MD5");
            for (Block next = toDigest.take(); next != END; next = toDigest.take()) {
                digest.update(next.bytes(), 0, next.length());
                free.put(next.bytes());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("digest interrupted", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
