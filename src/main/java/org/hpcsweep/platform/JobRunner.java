package org.hpcsweep.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one job for real: stages its inputs into its work dir ({@link JobFiles}), runs its command there
 * as its user under the platform's wrapper ({@link JobProcess}), stdout and stderr into
 * {@code process_output.log}, enforces its walltime, and lists what it wrote as output files. Ends it
 * {@code Completed} with Rescale's reasons. A platform started after this one died re-adopts the jobs
 * whose processes outlived it ({@link #resume}) and ends those that ended meanwhile ({@link #settle}).
 */
final class JobRunner {
    static final String SUCCESS = "Completed successfully";
    static final String RUN_FAILED = "A run failed";
    static final String STOPPED = "Job was stopped by user";
    static final String WALLTIME = "Exceeded walltime";
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    /** The platform stopped while the job ran (it kills its jobs when it stops). */
    static final String PLATFORM_STOPPED = "The platform stopped while this job ran";
    /** The platform died while the job ran, and the job's process did not outlive it. */
    static final String PLATFORM_RESTARTED = "The platform restarted while this job ran; the job's process had ended without an exit code";

    private final JobFiles files;
    private final JobProcess processes;
    private final JobUsers users;
    private final Map<String, ProcessHandle> running = new ConcurrentHashMap<>();
    private volatile boolean closing;
    /** Running jobs outlive the platform's stop (jobsAtStop keep-running), for the platform started next to re-adopt. */
    private final boolean jobsOutliveStop;
    /**
     * The platform stops leaving its running jobs running ({@link #platformStops}): a job's thread that is
     * interrupted then leaves the job as it is (its record says it runs, its pid file stays) for the
     * platform started next to re-adopt, instead of ending it.
     */
    private volatile boolean leaving;

    JobRunner(FileStore files, SoftwareCatalogue software, JobUsers users, List<String> network, boolean jobsOutliveStop) {
        this.files = new JobFiles(files);
        this.processes = new JobProcess(users, software, network, jobsOutliveStop);
        this.users = users;
        this.jobsOutliveStop = jobsOutliveStop;
    }

    void run(LocalJob job) {
        if (closing) {
            // Stays Queued: a platform started on this data dir runs it (JobRecovery).
            return;
        }
        if (job.isStopRequested()) {
            job.status(LocalJob.COMPLETED, STOPPED);
            return;
        }
        job.status(LocalJob.STARTED, null);
        String reason;
        Set<Path> inputs = new HashSet<>();
        JobUser user = null;
        try {
            PlatformDirs.jobDir(job.dir());
            user = users.take(null, job.dir());
            job.user(user.name());
            inputs.addAll(files.stage(job));
            user.handOver(JobFiles.work(job));
            if (leaving) {
                // The platform stops leaving jobs running, but this one has not run yet: the next platform runs it.
                return;
            }
            if (job.isStopRequested()) {
                // Stopped while its inputs were staged: it never starts (a stop after this check is met in execute).
                reason = STOPPED;
            } else {
                job.status(LocalJob.VALIDATED, null);
                reason = execute(job, user);
            }
        } catch (IOException e) {
            if (leaving) {
                // Cut short by the stop (an interrupted copy fails as an IOException): the next platform stages it again.
                return;
            }
            reason = RUN_FAILED;
            appendLog(job, "hpc-sweep local platform: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (leaving) {
                return;
            }
            reason = closing ? PLATFORM_STOPPED : STOPPED;
        }
        finish(job, user, inputs, reason);
    }

    /**
     * Waits for a job an earlier run of the platform started and that still runs ({@code process}, its
     * wrapper), within what is left of its walltime, then ends it as if this platform had run it.
     */
    void resume(LocalJob job, ProcessHandle process) {
        JobUser user = null;
        String reason;
        try {
            user = users.take(job.user(), job.dir());
            running.put(job.id(), process);
            Path pidFile = job.dir().resolve(Orphans.PID_FILE);
            try {
                Instant since = job.firstTime(LocalJob.EXECUTING);
                long left = (long) (job.walltimeHours() * 3_600_000)
                        - (since == null ? 0 : Duration.between(since, Instant.now()).toMillis());
                if (job.isStopRequested()) {
                    JobProcess.killTree(process);
                }
                try {
                    process.onExit().get(Math.max(0, left), TimeUnit.MILLISECONDS);
                    reason = ended(job);
                } catch (TimeoutException e) {
                    JobProcess.killTree(process);
                    appendLog(job, "hpc-sweep local platform: walltime of " + job.walltimeHours() + " h exceeded; job killed");
                    reason = WALLTIME;
                } catch (ExecutionException e) {
                    reason = ended(job);
                }
            } finally {
                running.remove(job.id());
                if (!leaving || !process.isAlive()) {
                    Files.deleteIfExists(pidFile);
                }
            }
        } catch (IOException e) {
            LOG.warn("job {}: not re-adopted: {}", job.id(), e.getMessage());
            reason = RUN_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (leaving) {
                return;
            }
            JobProcess.killTree(process);
            reason = closing ? PLATFORM_STOPPED : STOPPED;
        }
        finish(job, user, JobFiles.staged(job), reason);
    }

    /** Ends a job an earlier run of the platform started and whose process is gone: by its exit code if its wrapper wrote one. */
    void settle(LocalJob job) {
        JobUser user = null;
        try {
            user = users.take(job.user(), job.dir());
        } catch (IOException e) {
            LOG.warn("job {}: its user {} not taken back: {}", job.id(), job.user(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(job.dir().resolve(Orphans.PID_FILE));
        } catch (IOException e) {
            LOG.warn("job {}: pid file left: {}", job.id(), e.getMessage());
        }
        finish(job, user, JobFiles.staged(job), ended(job));
    }

    /** The reason for the exit code the job's wrapper wrote. */
    private static String ended(LocalJob job) {
        Integer code = JobProcess.exitCode(job);
        return code == null ? PLATFORM_RESTARTED : code == 0 ? SUCCESS : RUN_FAILED;
    }

    /** Every job ends here: its user's leftovers killed, its work dir taken back, its outputs listed, its status Completed. */
    private void finish(LocalJob job, JobUser user, Set<Path> inputs, String reason) {
        if (user != null) {
            // A wrapper that wrote the exit code swept the user itself; else (killed, or never started) it is done here.
            users.giveBack(user, JobProcess.exited(job));
            try {
                user.takeBack(JobFiles.work(job));
            } catch (IOException e) {
                LOG.warn("job {}: work dir not taken back from {}: {}", job.id(), user.name(), e.getMessage());
            }
        }
        try {
            job.outputs(files.outputs(job, inputs));
        } catch (IOException e) {
            LOG.warn("job {}: outputs not listed: {}", job.id(), e.getMessage());
        }
        if (job.isStopRequested() && !reason.equals(WALLTIME)) {
            reason = STOPPED;
        }
        job.status(LocalJob.COMPLETED, reason);
    }

    private String execute(LocalJob job, JobUser user) throws IOException, InterruptedException {
        Process process = processes.start(job, user, JobFiles.work(job), JobFiles.log(job));
        running.put(job.id(), process.toHandle());
        // Kept while it runs, so that a platform started after this one died can wait for it (JobRecovery) or stop it (Orphans).
        Path pidFile = job.dir().resolve(Orphans.PID_FILE);
        // A plain stream, not a channel: an interrupt (the platform's stop) must not cut the write short
        // and leave a started process that no pid file names.
        try (java.io.OutputStream out = new java.io.FileOutputStream(pidFile.toFile())) {
            out.write(Long.toString(process.pid()).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        // Executing only once its pid file names it: a platform stopped or killed from here on finds the
        // process to re-adopt or stop, never an Executing job with nothing to wait for.
        job.status(LocalJob.EXECUTING, null);
        // A stop that came after the job left the queue but before its process was known to stop() finds
        // no process to kill; it is seen here instead (stopJob marks the job before it looks for the process).
        if (job.isStopRequested() || (closing && !leaving)) {
            JobProcess.killTree(process.toHandle());
        }
        try {
            long limitMillis = (long) (job.walltimeHours() * 3_600_000);
            if (!process.waitFor(limitMillis, TimeUnit.MILLISECONDS)) {
                JobProcess.killTree(process.toHandle());
                appendLog(job, "hpc-sweep local platform: walltime of " + job.walltimeHours() + " h exceeded; job killed");
                return WALLTIME;
            }
            if (closing && !leaving) {
                return PLATFORM_STOPPED;
            }
            return process.exitValue() == 0 ? SUCCESS : RUN_FAILED;
        } finally {
            running.remove(job.id());
            if (!leaving || !process.isAlive()) {
                Files.deleteIfExists(pidFile);
            }
        }
    }

    /** Stops a running job's whole process tree. */
    boolean stop(LocalJob job) {
        ProcessHandle process = running.get(job.id());
        if (process == null) {
            return false;
        }
        JobProcess.killTree(process);
        return true;
    }

    /**
     * The platform stops; queued jobs stay queued. Running jobs are killed and end as stopped by it, or,
     * when they outlive the stop, are left running: their threads, once interrupted, leave them to the
     * platform started next on this data dir (a job still staging its inputs is staged again by that
     * platform: it never ran). Returns whether they are left running, i.e. whether the caller should
     * interrupt the jobs' threads rather than wait for them.
     */
    boolean platformStops() {
        leaving = jobsOutliveStop;
        closing = true;
        if (!leaving) {
            running.values().forEach(JobProcess::killTree);
        }
        return leaving;
    }

    private static void appendLog(LocalJob job, String line) {
        Path log = JobFiles.log(job);
        try {
            Files.writeString(log, line + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.warn("cannot write {}: {}", log, e.getMessage());
        }
    }
}
