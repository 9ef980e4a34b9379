package org.hpcsweep.platform;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A job on the local platform: what it was created with, its status history and, once it ran,
 * its output files. Its methods are synchronized: the API threads and the runner touch it.
 */
final class LocalJob {
    static final String PENDING = "Pending";
    static final String QUEUED = "Queued";
    static final String STARTED = "Started";
    static final String VALIDATED = "Validated";
    static final String EXECUTING = "Executing";
    static final String STOPPING = "Stopping";
    static final String COMPLETED = "Completed";

    /** One input of the job's analysis: an uploaded file, unzipped into the work dir unless told not to. */
    record Input(String fileId, boolean decompress) {
    }

    private final String id;
    private final JsonNode request;
    private final String name;
    private final String command;
    private final String analysisCode;
    private final String analysisVersion;
    private final boolean useMpi;
    private final int coresPerSlot;
    private final int slots;
    private final double walltimeHours;
    private final List<Input> inputs;
    private final Map<String, String> env;
    private final Path dir;
    private final List<JobStatus> statuses = new ArrayList<>();
    private final List<StoredFile> outputs = new ArrayList<>();
    private boolean stopRequested;

    LocalJob(String id, JsonNode request, JobRequestReader.JobRequest checked, Path dir) {
        this.id = id;
        this.request = request;
        this.name = checked.name();
        this.command = checked.command();
        this.analysisCode = checked.analysisCode();
        this.analysisVersion = checked.analysisVersion();
        this.useMpi = checked.useMpi();
        this.coresPerSlot = checked.coresPerSlot();
        this.slots = checked.slots();
        this.walltimeHours = checked.walltime();
        this.inputs = List.copyOf(checked.inputs());
        this.env = Map.copyOf(checked.env());
        this.dir = dir;
        statuses.add(new JobStatus(PENDING, Instant.now(), null));
    }

    String id() {
        return id;
    }

    JsonNode request() {
        return request;
    }

    String name() {
        return name;
    }

    String command() {
        return command;
    }

    String analysisCode() {
        return analysisCode;
    }

    String analysisVersion() {
        return analysisVersion;
    }

    boolean useMpi() {
        return useMpi;
    }

    int coresPerSlot() {
        return coresPerSlot;
    }

    int slots() {
        return slots;
    }

    /** All the cores the job asked for: slots × cores per slot. */
    int cores() {
        return coresPerSlot * slots;
    }

    double walltimeHours() {
        return walltimeHours;
    }

    List<Input> inputs() {
        return inputs;
    }

    Map<String, String> env() {
        return env;
    }

    Path dir() {
        return dir;
    }

    synchronized void status(String status, String reason) {
        statuses.add(new JobStatus(status, Instant.now(), reason));
    }

    synchronized JobStatus latest() {
        return statuses.get(statuses.size() - 1);
    }

    /** Newest first, as Rescale serves them. */
    synchronized List<JobStatus> newestFirst() {
        List<JobStatus> copy = new ArrayList<>(statuses);
        java.util.Collections.reverse(copy);
        return copy;
    }

    synchronized boolean isCompleted() {
        return COMPLETED.equals(latest().status());
    }

    synchronized boolean isSubmitted() {
        return statuses.size() > 1;
    }

    synchronized boolean markStopRequested() {
        boolean first = !stopRequested;
        stopRequested = true;
        return first;
    }

    synchronized boolean isStopRequested() {
        return stopRequested;
    }

    synchronized void outputs(List<StoredFile> files) {
        outputs.clear();
        outputs.addAll(files);
    }

    synchronized List<StoredFile> outputs() {
        return List.copyOf(outputs);
    }

    /** When the job first had each status: for tests that check queueing and core accounting. */
    synchronized Instant firstTime(String status) {
        return statuses.stream().filter(s -> s.status().equals(status)).map(JobStatus::statusDate).findFirst().orElse(null);
    }
}
