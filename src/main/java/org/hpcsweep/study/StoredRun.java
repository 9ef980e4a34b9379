package org.hpcsweep.study;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** One unfinished run as the store holds it, used to rebuild it after a restart. */
public record StoredRun(String runId, String studyFileText, String studySource, Path zip, Path outputDir, String platformUrl,
                 String platformScope, RunPhase phase, String inputFileId, Instant started, List<StoredJob> jobs) {
}
