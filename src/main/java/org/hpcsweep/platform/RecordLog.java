package org.hpcsweep.platform;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/**
 * One record kept as an append-only file of its versions, one compact JSON document a line: each
 * write appends the whole record, and the last line that reads whole is the record. Written in place,
 * not as a temporary file moved over the old one: on ext4 every new file (and every file a move
 * replaces, which frees an inode) costs the inode allocator a scan past the inodes freed in the last
 * half minute, and at 1,000 jobs a temporary file per write made those scans a fifth of the submit
 * phase's CPU (bench/ANALYSIS.md, "Job records appended"). Whole all the same: an append that a killed
 * process cut short leaves a line that does not read, and the one before it is the record; each
 * append starts on a line of its own, so a cut line never swallows the next. Once the file holds
 * {@value #KEEP} versions' worth of this one it is rewritten through a temporary file, holding only
 * the newest.
 */
final class RecordLog {
    /** How many versions of the present size the file grows to before it is rewritten. */
    static final int KEEP = 16;
    private static final FileAttribute<?>[] OWNER_ONLY = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
            : new FileAttribute<?>[0];
    private static final Set<StandardOpenOption> APPEND = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);

    private RecordLog() {
    }

    /**
     * Appends {@code json} (one compact JSON document, no line breaks) as the record's newest version.
     * The file is the platform's alone (made with its mode: a job's request may carry its study's
     * variables, and job dirs are enterable by job users).
     */
    static void append(Path file, byte[] json) throws IOException {
        ByteBuffer line = line(json);
        try (FileChannel out = FileChannel.open(file, APPEND, OWNER_ONLY)) {
            if (out.size() + line.remaining() <= (long) KEEP * line.remaining()) {
                writeAll(out, line);
                return;
            }
        }
        replace(file, line);
    }

    /** Reads one version; throws when the line does not read (cut short). */
    interface Reader<T> {
        T read(String line) throws IOException;
    }

    /** The newest version that reads whole; throws the last line's failure when none does. */
    static <T> T last(Path file, Reader<T> reader) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        IOException unread = new IOException("no version of the record in " + file);
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i).strip();
            if (!line.isEmpty()) {
                try {
                    return reader.read(line);
                } catch (IOException cutShort) {
                    unread.addSuppressed(cutShort);
                }
            }
        }
        throw unread;
    }

    /**
     * Writes {@code bytes} as the whole file, made beside it and moved over it: for a file written once
     * (an upload's record), and for a record's file that grew past {@value #KEEP} versions.
     */
    static void replace(Path file, byte[] bytes) throws IOException {
        replace(file, ByteBuffer.wrap(bytes));
    }

    private static void replace(Path file, ByteBuffer bytes) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        // One a killed platform left half-written is made again, not reused (its mode could be an older platform's).
        Files.deleteIfExists(temp);
        try (FileChannel out = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), OWNER_ONLY)) {
            writeAll(out, bytes);
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A line break first: a line that an append cut short then ends there, and this version reads whole on its own line. */
    private static ByteBuffer line(byte[] json) {
        ByteBuffer line = ByteBuffer.allocate(json.length + 2);
        line.put((byte) '\n').put(json).put((byte) '\n').flip();
        return line;
    }

    private static void writeAll(FileChannel out, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            out.write(bytes);
        }
    }
}
