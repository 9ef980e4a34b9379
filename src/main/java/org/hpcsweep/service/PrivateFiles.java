package org.hpcsweep.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The service's own state (database, kept inputs, uploads, the embedded platform's files) is for its
 * user alone: folders it creates are 700 and its database files 600, whatever the umask. The
 * database holds the API token's runs and the inputs hold users' code.
 */
public final class PrivateFiles {

    private PrivateFiles() {
    }

    /** Creates {@code dir} and any missing parents as 700; a folder that exists already is left as its owner set it. */
    public static Path directory(Path dir) {
        try {
            if (Files.isDirectory(dir)) {
                return dir;
            }
            try {
                return Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (UnsupportedOperationException notPosix) {
                return Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /**
     * Writes a secret (an API key or token) into {@code file}, replacing it, created readable and writable
     * by its owner only from the start: never for a moment with the umask's mode, as writing it and then
     * restricting it would leave it.
     */
    public static void writeSecret(Path file, String secret) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        Files.writeString(file, secret + "\n", java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Makes {@code file} readable and writable by its owner only. */
    public static void restrict(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // left as the umask made it
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + file + " private", e);
        }
    }
}
