package org.hpcsweep.platform;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A platform started on the data dir of one that stopped or died comes back with what that one knew
 * (JobRecords): its uploads and finished jobs answer as before (statuses, files, downloads), jobs
 * that were queued are queued again, and jobs that were running are re-adopted when their process
 * still runs (the platform waits for it within its walltime and reads the exit code its wrapper
 * writes) or ended by that code, or with {@link JobRunner#PLATFORM_RESTARTED} when there is none; a job
 * that was still staging its inputs (its command never ran) is queued again.
 */
final class JobRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(JobRecovery.class);

    private JobRecovery() {
    }

    /**
     * Whether the job's command was started: its pid file (written before Executing is recorded, and
     * removed when the command ends) or its wrapper's exit code is there. A record can lag behind both:
     * Executing and Completed are written in the record's next batch, which a dying platform never writes.
     */
    private static boolean ran(LocalJob job) {
        return Files.exists(job.dir().resolve(Orphans.PID_FILE)) || JobProcess.exited(job);
    }

    /** Brings the kept records back into {@code api}; returns the ids of the jobs whose process was re-adopted. */
    static Set<String> recover(JobRecords records, FileStore files, Ids ids, PlatformJobsApi api, LocalScheduler scheduler,
                               JobRunner runner) {
        records.uploads().forEach(files::restore);
        Set<String> adopted = new HashSet<>();
        List<LocalJob> queued = new ArrayList<>();
        int count = 0;
        for (JobRecords.JobRecord r : records.jobs()) {
            LocalJob job = new LocalJob(r.id(), r.request(), r.definition(), r.dir(), r.statuses(), r.outputs(), r.stopRequested(), r.user());
            ids.reserve(job.id());
            job.outputs().forEach(files::restore);
            api.known(job);
            count++;
            String status = job.latest().status();
            switch (status) {
                case LocalJob.PENDING, LocalJob.COMPLETED -> {
                }
                case LocalJob.QUEUED -> {
                    if (job.isStopRequested()) {
                        job.status(LocalJob.COMPLETED, JobRunner.STOPPED);
                    } else {
                        queued.add(job);
                    }
                }
                default -> {
                    Optional<ProcessHandle> process = Orphans.alive(job.dir());
                    if (process.isPresent()) {
                        adopted.add(job.id());
                        LOG.info("job {}: re-adopted its process {}, still running since an earlier run of the platform",
                                job.id(), process.get().pid());
                        scheduler.adopt(job, () -> runner.resume(job, process.get()));
                    } else if ((status.equals(LocalJob.STARTED) || status.equals(LocalJob.VALIDATED)) && !ran(job)) {
                        // Stopped while its inputs were staged: its command never ran, so running it now runs it once.
                        queued.add(job);
                    } else {
                        runner.settle(job);
                    }
                }
            }
        }
        // After the adopted jobs took their cores: queued jobs start as cores come free, in their order.
        queued.forEach(scheduler::requeue);
        if (count > 0) {
            LOG.info("came back with {} job(s) kept in the data dir: {} queued again, {} still running re-adopted",
                    count, queued.size(), adopted.size());
        }
        return adopted;
    }
}
