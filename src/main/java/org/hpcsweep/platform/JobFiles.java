package org.hpcsweep.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hpcsweep.files.SafeUnzip;

/**
 * A job's files in and out: its inputs copied (zips unpacked) into its work dir before it runs, and,
 * when it ends, every other file it left there listed as an output. Which files were staged is kept in
 * {@link #STAGED_FILE} beside the work dir, so that a platform that re-adopted a job after a restart
 * still tells its inputs from its outputs.
 */
final class JobFiles {
    /** The staged inputs (relative to the work dir), which are not outputs. */
    static final String STAGED_FILE = "staged";
    static final String PROCESS_OUTPUT = "process_output.log";

    private final FileStore files;

    JobFiles(FileStore files) {
        this.files = files;
    }

    static Path work(LocalJob job) {
        return job.dir().resolve("work");
    }

    static Path log(LocalJob job) {
        return job.dir().resolve(PROCESS_OUTPUT);
    }

    /** Copies the job's inputs into its work dir (and Rescale's machinefile for an MPI job); returns what it staged. */
    Set<Path> stage(LocalJob job) throws IOException {
        Path work = work(job);
        Files.createDirectories(work);
        Set<Path> staged = new HashSet<>();
        for (LocalJob.Input input : job.inputs()) {
            StoredFile file = files.find(input.fileId()).orElseThrow(() -> new IOException("input file " + input.fileId() + " is gone"));
            if (input.decompress() && file.name().toLowerCase().endsWith(".zip")) {
                staged.addAll(SafeUnzip.unpack(file.path(), work));
            } else {
                Path target = work.resolve(file.name());
                Files.copy(file.path(), target, StandardCopyOption.REPLACE_EXISTING);
                staged.add(target);
            }
        }
        if (job.useMpi()) {
            // Rescale's $HOME/machinefile; the platform's, not an output.
            Path machinefile = work.resolve(JobEnvironment.MACHINEFILE);
            Files.writeString(machinefile, JobEnvironment.machinefile(job));
            staged.add(machinefile);
        }
        Files.write(job.dir().resolve(STAGED_FILE), staged.stream().map(p -> work.relativize(p).toString()).toList());
        return staged;
    }

    /** What {@link #stage} staged for this job, read back; empty if it never staged. */
    static Set<Path> staged(LocalJob job) {
        Path work = work(job);
        try {
            return Files.readAllLines(job.dir().resolve(STAGED_FILE)).stream().map(work::resolve).collect(Collectors.toSet());
        } catch (IOException e) {
            return Set.of();
        }
    }

    /** Every regular file in the work dir that was not staged, then the job's output log. */
    List<StoredFile> outputs(LocalJob job, Set<Path> inputs) throws IOException {
        Path work = work(job);
        Path log = log(job);
        List<StoredFile> outputs = new ArrayList<>();
        if (Files.isDirectory(work)) {
            try (Stream<Path> walk = Files.walk(work)) {
                // Not through links: a job's link to a platform file must not become its output.
                for (Path p : walk.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).sorted().toList()) {
                    if (!inputs.contains(p)) {
                        outputs.add(files.registerOutput(p, work.relativize(p).toString().replace('\\', '/')));
                    }
                }
            }
        }
        if (Files.isRegularFile(log)) {
            outputs.add(files.registerOutput(log, PROCESS_OUTPUT));
        }
        return outputs;
    }
}
