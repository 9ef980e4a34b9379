package org.hpcsweep.study;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A finished study run, handed to the report.
 *
 * @param studyName     the study's name from its study file
 * @param runId         this run's id (one study can run many times, e.g. on a schedule)
 * @param outputDir     where the report's files go
 * @param jobs          one outcome per job, in matrix order
 * @param charts        the charts the study file asks for: any of {@code speedup}, {@code efficiency}, {@code comptime}
 * @param studyFileText the study file as the user wrote it, shown in the report
 * @param platformUrl   the platform the jobs ran on (never with credentials)
 * @param started       when the study was accepted
 * @param finished      when its last job became terminal
 * @param series        the study's parameters other than the processor count, in study-file order: each
 *                      combination of their values is one series (one curve, its own baseline)
 * @param scaling       strong or weak scaling
 * @param cost          what a core-hour costs, or null
 */
public record StudyOutcome(String studyName, String runId, Path outputDir, List<JobOutcome> jobs,
                           List<String> charts, String studyFileText, String platformUrl, Instant started, Instant finished,
                           List<String> series, Scaling scaling, CostRate cost) {

    /** A study of one series (no parameters besides the processor count), strong scaling, no cost: as before those existed. */
    public StudyOutcome(String studyName, String runId, Path outputDir, List<JobOutcome> jobs, List<String> charts,
                        String studyFileText, String platformUrl, Instant started, Instant finished) {
        this(studyName, runId, outputDir, jobs, charts, studyFileText, platformUrl, started, finished, List.of(), Scaling.STRONG, null);
    }
}
