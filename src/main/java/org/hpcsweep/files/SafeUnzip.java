package org.hpcsweep.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Unpacks a study's input zip into a job's directory, as Rescale does on its clusters: each entry
 * keeps its Unix mode (an executable {@code run.sh} stays executable), which only the zip's central
 * directory holds, hence Commons Compress's {@link ZipFile} rather than {@code java.util.zip}'s stream.
 * The one place both the embedded platform and the Slurm workspace unpack inputs.
 *
 * <p>The zip is someone else's: every entry is checked before anything is written, and the whole zip
 * is refused when one entry would land outside the directory ({@code ../x}, an absolute path: "zip
 * slip") or is a symbolic link (a later entry could be written through it, anywhere). Set-uid, set-gid
 * and sticky bits are dropped; the owner can always read and write what was unpacked, so the platform
 * can hand it over, collect and clean it.
 */
public final class SafeUnzip {
    private static final int PERMISSION_BITS = 0777;

    private SafeUnzip() {
    }

    /** Unpacks {@code zip} into {@code dir} (created if absent); returns the regular files it wrote. */
    public static List<Path> unpack(Path zip, Path dir) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        Files.createDirectories(root);
        try (ZipFile file = ZipFile.builder().setPath(zip).get()) {
            List<ZipArchiveEntry> entries = Collections.list(file.getEntriesInPhysicalOrder());
            for (ZipArchiveEntry entry : entries) {
                check(zip, root, entry);
            }
            List<Path> written = new ArrayList<>();
            List<ZipArchiveEntry> dirs = new ArrayList<>();
            for (ZipArchiveEntry entry : entries) {
                Path target = root.resolve(entry.getName()).normalize();
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    dirs.add(entry);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = file.getInputStream(entry)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                applyMode(target, entry.getUnixMode(), false);
                written.add(target);
            }
            // Directories last: a read-only directory in the zip must not stop its own files being written.
            for (ZipArchiveEntry entry : dirs) {
                applyMode(root.resolve(entry.getName()).normalize(), entry.getUnixMode(), true);
            }
            return written;
        }
    }

    private static void check(Path zip, Path root, ZipArchiveEntry entry) throws IOException {
        String name = entry.getName();
        Path target = root.resolve(name).normalize();
        if (name.startsWith("/") || name.contains("\\") || !target.startsWith(root) || target.equals(root) && !entry.isDirectory()) {
            throw new IOException("zip entry '" + name + "' in " + zip.getFileName()
                    + " would be written outside the job's work dir; refused");
        }
        if (entry.isUnixSymlink()) {
            throw new IOException("zip entry '" + name + "' in " + zip.getFileName()
                    + " is a symbolic link; links are refused (a later entry could be written through one)");
        }
    }

    /** A zip made on Windows or by java.util.zip carries no Unix mode (0): the file keeps the default. */
    private static void applyMode(Path target, int unixMode, boolean directory) throws IOException {
        int mode = unixMode & PERMISSION_BITS;
        if (mode == 0) {
            return;
        }
        mode |= directory ? 0700 : 0600;
        try {
            Files.setPosixFilePermissions(target, permissions(mode));
        } catch (UnsupportedOperationException notPosix) {
            target.toFile().setExecutable((mode & 0100) != 0);
        }
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE};
        for (int i = 0; i < order.length; i++) {
            if ((mode & (0400 >> i)) != 0) {
                set.add(order[i]);
            }
        }
        return set;
    }
}
