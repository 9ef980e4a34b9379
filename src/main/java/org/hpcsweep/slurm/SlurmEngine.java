package org.hpcsweep.slurm;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.hpcsweep.study.StudyRun;
import org.hpcsweep.study.TrackedJob;

/**
 * The Slurm engine's side of the flow's steps (routes/engine-slurm/20-engine.yaml): the study's input
 * goes onto the cluster's shared filesystem, each job gets a working directory there with the input
 * unpacked, and its result file is copied from that directory into the run's folder.
 */
public final class SlurmEngine {
    private final SlurmWorkspace workspace;
    private final SlurmJobRequest requests;

    public SlurmEngine(SlurmWorkspace workspace, SlurmJobRequest requests) {
        this.workspace = workspace;
        this.requests = requests;
    }

    /** Stage: the run's zip copied to {@code <root>/<run>/input/}; its path is what jobs take as input. */
    public String stage(StudyRun run) throws IOException {
        Path dir = Files.createDirectories(workspace.root().resolve(SlurmWorkspace.safe(run.getRunId())).resolve("input"));
        Path staged = dir.resolve(run.getZip().getFileName());
        Files.copy(run.getZip(), staged, StandardCopyOption.REPLACE_EXISTING);
        return staged.toString();
    }

    /** Place: the job's working directory made and filled, and the body of its submission. */
    public Map<String, Object> submission(StudyRun run, TrackedJob job) throws IOException {
        Path workDir = workDir(run, job);
        workspace.prepare(workDir, Path.of(run.getInputFileId()));
        return requests.build(job.getPlatformName(), job.getSpec().procs(), run.getStudy().job().walltime(), workDir,
                job.getSpec().command(), job.getSpec().env(), run.getStudy().job().slurm());
    }

    /** The job id of a submission's answer. */
    public String jobId(JsonNode submitted) {
        JsonNode id = submitted.path("job_id");
        if (!id.canConvertToLong()) {
            throw new IllegalStateException("slurmrestd accepted the job but named no job_id: " + submitted);
        }
        return id.asText();
    }

    /** After a crash during submission: the id of the job of this name the cluster knows, or null. */
    public String findJob(JsonNode jobs, String name) {
        for (JsonNode job : jobs.path("jobs")) {
            if (name.equals(job.path("name").asText())) {
                return job.path("job_id").asText();
            }
        }
        return null;
    }

    /** Fetch: the result file from the job's working directory into {@code jobDir}. */
    public void fetch(StudyRun run, TrackedJob job, String jobDir, String fileName) throws IOException {
        Path result = workspace.findResult(workDir(run, job), fileName)
                .orElseThrow(() -> new IllegalStateException(fileName + " is not among the job's output files"));
        Path target = Files.createDirectories(Path.of(jobDir)).resolve(fileName);
        Files.copy(result, target, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Fetch log: the job's output file (stdout and stderr) into {@code jobDir}; answers its name there. */
    public String fetchLog(StudyRun run, TrackedJob job, String jobDir) throws IOException {
        fetch(run, job, jobDir, SlurmJobRequest.OUTPUT_FILE);
        return SlurmJobRequest.OUTPUT_FILE;
    }

    private Path workDir(StudyRun run, TrackedJob job) {
        // A new try of a job that failed gets its own directory: nothing the failed try left is read as its result.
        String name = org.hpcsweep.flow.Collect.jobFolder(job.getSpec());
        return workspace.workDir(run.getRunId(), job.getAttempt() > 1 ? name + "-try" + job.getAttempt() : name);
    }
}
