package org.hpcsweep.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unpacking a study's zip as Rescale does: Unix modes kept, nothing written outside, no links. */
class SafeUnzipTest {
    @TempDir
    Path dir;

    @Test
    void should_keep_the_executable_bit_and_the_modes_of_the_entries() throws IOException {
        Path zip = TestZips.write(dir.resolve("in.zip"), List.of(
                new TestZips.Entry("run.sh", "#!/bin/sh\necho hi\n", 0755),
                new TestZips.Entry("data/input.txt", "1 2 3\n", 0640),
                new TestZips.Entry("plain.txt", "no mode\n", 0)));
        Path out = dir.resolve("out");
        List<Path> written = SafeUnzip.unpack(zip, out);
        assertEquals(3, written.size());
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("run.sh"))));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("data/input.txt"))));
        assertFalse(Files.isExecutable(out.resolve("plain.txt")), "an entry without a Unix mode gets the default, not executable");
        assertEquals("1 2 3\n", Files.readString(out.resolve("data/input.txt")));
    }

    @Test
    void should_refuse_the_whole_zip_when_an_entry_escapes_before_writing_anything() throws IOException {
        for (String evil : List.of("../evil.txt", "a/../../evil.txt", "/tmp/evil-" + System.nanoTime() + ".txt")) {
            Path zip = TestZips.write(dir.resolve("evil.zip"), List.of(
                    new TestZips.Entry("ok.txt", "fine", 0644), new TestZips.Entry(evil, "bad", 0644)));
            Path out = dir.resolve("jobs/j");
            IOException e = assertThrows(IOException.class, () -> SafeUnzip.unpack(zip, out));
            assertTrue(e.getMessage().contains(evil), e.getMessage());
            assertFalse(Files.exists(out.resolve("ok.txt")), "nothing is written from a refused zip");
            assertFalse(Files.exists(dir.resolve("jobs/evil.txt")));
        }
    }

    @Test
    void should_refuse_symbolic_links() throws IOException {
        Path zip = dir.resolve("link.zip");
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(zip)) {
            ZipArchiveEntry link = new ZipArchiveEntry("etc");
            link.setUnixMode(0120777);
            out.putArchiveEntry(link);
            out.write("/etc".getBytes(StandardCharsets.UTF_8));
            out.closeArchiveEntry();
        }
        IOException e = assertThrows(IOException.class, () -> SafeUnzip.unpack(zip, dir.resolve("out")));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
    }
}
