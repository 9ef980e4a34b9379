package org.hpcsweep.platform;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.nio.file.NoSuchFileException;
import org.apache.commons.io.file.PathUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's files: uploads moved into {@code <data>/files/<id>/<name>}, and job outputs left
 * where the job wrote them. Contents are always read from disk, never held in memory.
 */
final class FileStore {
    private static final Logger LOG = LoggerFactory.getLogger(FileStore.class);
    private final Path root;
    private final Ids ids;
    private final Map<String, StoredFile> files = new ConcurrentHashMap<>();
    private final JobRecords records;

    FileStore(Path root, Ids ids, JobRecords records) throws IOException {
        this.root = Files.createDirectories(root);
        this.ids = ids;
        this.records = records;
    }

    /** A file an earlier run of the platform knew (its upload record, or a kept job's output). */
    void restore(StoredFile file) {
        ids.reserve(file.id());
        files.put(file.id(), file);
    }

    /**
     * Takes over an uploaded temporary file (moved, not copied) under its client-side name, with the
     * MD5 its receiver took of the bytes as they arrived.
     */
    StoredFile adoptUpload(Path uploaded, String name, String md5) throws IOException {
        String id = ids.next();
        String safeName = lastNameElement(name);
        Path dir = Files.createDirectories(root.resolve(id));
        // Only the last name element, and never "." or "..": a client's file name cannot place the file elsewhere.
        Path target = dir.resolve(safeName.isBlank() || safeName.equals(".") || safeName.equals("..") ? "upload" : safeName);
        Files.move(uploaded, target, StandardCopyOption.REPLACE_EXISTING);
        StoredFile file = new StoredFile(id, target.getFileName().toString(), StoredFile.INPUT, target, Files.size(target),
                md5, target.getFileName().toString(), Instant.now());
        records.uploaded(file);
        files.put(id, file);
        return file;
    }

    private static String lastNameElement(String name) {
        try {
            Path given = name == null ? null : Path.of(name.replace('\\', '/')).getFileName();
            return given == null ? "" : given.toString();
        } catch (java.nio.file.InvalidPathException e) {
            return "";
        }
    }

    /** Registers a file a job wrote; its id serves downloads straight from the work dir. */
    StoredFile registerOutput(Path path, String relativePath) throws IOException {
        String id = ids.next();
        StoredFile file = new StoredFile(id, path.getFileName().toString(), StoredFile.OUTPUT, path, Files.size(path),
                md5(path), relativePath, Instant.now());
        files.put(id, file);
        return file;
    }

    /**
     * A deleted job's files go with it, as on Rescale: its outputs' ids answer 404 from now on, and its
     * dir (work dir, outputs, logs) leaves the disk, which would otherwise grow with every job. The
     * job's own symlinks are deleted, never followed. A dir not wholly deleted is logged, not answered:
     * the job is gone either way.
     */
    void deleteJobFiles(LocalJob job) {
        job.outputs().forEach(f -> files.remove(f.id()));
        try {
            PathUtils.deleteDirectory(job.dir());
        } catch (NoSuchFileException e) {
            // a job deleted before it was staged has no dir
        } catch (IOException e) {
            LOG.warn("job {} deleted, but its dir {} not wholly: {}", job.id(), job.dir(), e.getMessage());
        }
    }

    Optional<StoredFile> find(String id) {
        return Optional.ofNullable(files.get(id));
    }

    private static String md5(Path path) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(path), MessageDigest.getInstance("MD5"))) {
            byte[] buffer = new byte[1 << 16];
            while (in.read(buffer) > 0) {
                // reading is the digesting
            }
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
