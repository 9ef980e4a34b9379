package org.hpcsweep.flow;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/** The last lines of a job's output: what a person reads first to see why it failed. */
final class LogTail {
    static final int LINES = 40;
    /** Read from the end at most this much: a log of gigabytes costs no more than one of kilobytes. */
    private static final int MAX_BYTES = 16 * 1024;

    private LogTail() {
    }

    /** The last {@link #LINES} lines of {@code file} (of its last {@link #MAX_BYTES} bytes), "" for an empty file. */
    static String of(Path file) throws IOException {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            int size = (int) Math.min(length, MAX_BYTES);
            byte[] bytes = new byte[size];
            in.seek(length - size);
            in.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            String[] lines = text.split("\r?\n", -1);
            // A tail that starts mid-line drops its first, partial line.
            int from = size < length ? 1 : 0;
            int to = lines.length > 0 && lines[lines.length - 1].isEmpty() ? lines.length - 1 : lines.length;
            from = Math.max(from, to - LINES);
            return from >= to ? "" : String.join("\n", Arrays.copyOfRange(lines, from, to));
        }
    }
}
