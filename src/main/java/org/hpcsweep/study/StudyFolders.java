package org.hpcsweep.study;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * Turns a study folder (a study.yaml and its inputs) into the zip the flow takes, as a user would
 * for the inbox: the folder's contents, not the folder itself. A zip is taken as it is.
 */
public final class StudyFolders {
    private final Path workDir;

    /** @param workDir where zips made from folders are kept until their run has its own copy */
    public StudyFolders(Path workDir) {
        this.workDir = workDir;
    }

    /** The zip to start a study from: {@code study} itself when it is a zip, else a new zip of the folder. */
    public File zipFor(String study, String label) {
        Path source = Path.of(study).toAbsolutePath().normalize();
        if (!Files.exists(source)) {
            throw new StudyInputException(study + " does not exist");
        }
        if (Files.isRegularFile(source)) {
            return source.toFile();
        }
        try {
            Path dir = Files.createDirectories(workDir.resolve(label));
            return pack(source, dir.resolve(source.getFileName() + ".zip")).toFile();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pack " + source, e);
        }
    }

    /**
     * Packs the folder's regular files, with paths relative to it, into {@code zip}, each with its Unix
     * mode (as {@code zip} on Linux does), so that an executable {@code run.sh} stays executable where
     * the job unpacks it.
     */
    public static Path pack(Path folder, Path zip) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        try (ZipArchiveOutputStream zos = new ZipArchiveOutputStream(zip)) {
            for (Path file : files) {
                ZipArchiveEntry entry = new ZipArchiveEntry(folder.relativize(file).toString().replace('\\', '/'));
                unixMode(file).ifPresent(mode -> entry.setUnixMode(0100000 | mode));
                zos.putArchiveEntry(entry);
                Files.copy(file, zos);
                zos.closeArchiveEntry();
            }
        }
        return zip;
    }

    private static java.util.Optional<Integer> unixMode(Path file) throws IOException {
        try {
            int mode = 0;
            for (java.nio.file.attribute.PosixFilePermission p : Files.getPosixFilePermissions(file)) {
                mode |= 0400 >> p.ordinal();
            }
            return java.util.Optional.of(mode);
        } catch (UnsupportedOperationException notPosix) {
            return java.util.Optional.empty();
        }
    }
}
