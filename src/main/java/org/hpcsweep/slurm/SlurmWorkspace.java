package org.hpcsweep.slurm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.hpcsweep.files.SafeUnzip;

/**
 * The shared-filesystem side of the Slurm engine. Slurm moves no files: each job runs in its own
 * directory under {@code root}, which must be the same path on this host and on the compute nodes
 * (NFS, Lustre, ...). Before submit the study's input zip is unpacked there; after the run the
 * result file is looked up there.
 */
public final class SlurmWorkspace {
    /** How deep the result search looks: the command may write into a sub-directory, not into a tree. */
    private static final int SEARCH_DEPTH = 4;

    private final Path root;

    public SlurmWorkspace(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** {@code root/<runId>/<jobName>}, with names reduced to safe characters so neither can climb out. */
    public Path workDir(String runId, String jobName) {
        return root.resolve(safe(runId)).resolve(safe(jobName));
    }

    /**
     * Creates the job's directory and unpacks the input zip into it. An entry whose path would land
     * outside the directory ({@code ../x}, an absolute path) is refused and nothing more is written
     * (zip slip): the zip comes from whoever dropped it in the inbox. Entries keep their Unix modes,
     * as on Rescale, so {@code ./run.sh} runs on the cluster too (see {@link SafeUnzip}).
     */
    public Path prepare(Path workDir, Path inputZip) throws IOException {
        Path dir = workDir.toAbsolutePath().normalize();
        Files.createDirectories(dir);
        if (inputZip == null) {
            return dir;
        }
        SafeUnzip.unpack(inputZip, dir);
        return dir;
    }

    /**
     * The result file ({@code comp_time.log} by default) after the run: the shallowest file of that
     * name in the work dir, so the top-level one wins over a copy an input carried in a sub-folder.
     */
    public Optional<Path> findResult(Path workDir, String fileName) throws IOException {
        Path dir = workDir.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        Path direct = dir.resolve(fileName).normalize();
        if (direct.startsWith(dir) && Files.isRegularFile(direct)) {
            return Optional.of(direct);
        }
        try (Stream<Path> files = Files.walk(dir, SEARCH_DEPTH)) {
            return files.filter(p -> p.getFileName().toString().equals(fileName) && Files.isRegularFile(p))
                    .min(Comparator.comparingInt(Path::getNameCount).thenComparing(Path::toString));
        }
    }

    static String safe(String name) {
        String cleaned = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return cleaned.isEmpty() || cleaned.chars().allMatch(c -> c == '.') ? "_" + cleaned + "_" : cleaned;
    }
}
