package org.hpcsweep.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/** Zips with Unix modes for tests, as {@code zip} on Linux makes them (java.util.zip cannot set a mode). */
public final class TestZips {
    /** One file; {@code mode} 0 leaves the entry without a Unix mode. */
    public record Entry(String name, String content, int mode) {
    }

    private TestZips() {
    }

    public static Path write(Path zip, List<Entry> entries) throws IOException {
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(zip)) {
            for (Entry e : entries) {
                ZipArchiveEntry entry = new ZipArchiveEntry(e.name());
                if (e.mode() != 0) {
                    entry.setUnixMode(0100000 | e.mode());
                }
                out.putArchiveEntry(entry);
                out.write(e.content().getBytes(StandardCharsets.UTF_8));
                out.closeArchiveEntry();
            }
        }
        return zip;
    }
}
