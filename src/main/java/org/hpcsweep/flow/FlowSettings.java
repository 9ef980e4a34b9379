package org.hpcsweep.flow;

import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * What the flow's beans are built with.
 *
 * @param inputs        where each run keeps its own link to its input zip (the inbox moves the original)
 * @param output        where each run's folder is made
 * @param platformUrl   the platform's base URL, recorded and shown in reports
 * @param platformScope whose earlier run times a new run of a study expects: the platform's URL, or one
 *                      name for a platform whose URL changes at every start (the embedded one's free port)
 * @param minPollMillis first and shortest interval between two looks at one job
 * @param maxPollMillis longest interval, reached while a job's status stays the same
 * @param lookFraction a running job whose run time nothing tells yet is looked at again after this fraction of the
 *        time it has run (within min- and max-interval), so its end is noticed at most that fraction of its run
 *        late; 0: its intervals grow x1.5 a look instead
 * @param settleMillis  how long after a create whose answer was lost the platform is searched for the job:
 *                      a request the client gave up on may still land that long after it was sent
 * @param lostAfterMillis how long a job the platform answers "not found" for is looked for before it counts as lost
 * @param clock         epoch millis; tests set their own
 * @param maxJobs       the most jobs one run may have (hpcsweep.study.max-jobs); a larger matrix is refused at intake
 * @param engine        the engine that runs the jobs (hpcsweep.engine): whose profile of a study file applies
 */
public record FlowSettings(Path inputs, Path output, String platformUrl, String platformScope, long minPollMillis,
                           long maxPollMillis, double lookFraction, long settleMillis, long lostAfterMillis, LongSupplier clock, long maxJobs,
                           String engine) {
    /** The default cap of hpcsweep.study.max-jobs, for callers that do not set one. */
    public static final long MAX_JOBS = 10_000;
    /** The scope of the embedded platform, whatever its port: runs on it are resumed on the next one (Resume). */
    public static final String EMBEDDED_SCOPE = "local";
}
