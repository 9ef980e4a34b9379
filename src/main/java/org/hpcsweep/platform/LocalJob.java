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
    private final JobRequestReader.JobRequest checked;
    private boolean stopRequested;
    /** The job user it runs (or ran) as, once it started; null before. */
    private String user;
    /** Told of every change, so that the platform's records follow (JobRecords); set once the job is known. */
    private volatile Runnable changed = () -> { };

    LocalJob(String id, JsonNode request, JobRequestReader.JobRequest checked, Path dir) {
        this(id, request, checked, dir, List.of(new JobStatus(PENDING, Instant.now(), null)), List.of(), false, null);
    }

    /** A job as the platform's records kept it (JobRecords): an earlier run of the platform made it. */
    LocalJob(String id, JsonNode request, JobRequestReader.JobRequest checked, Path dir, List<JobStatus> statuses,
             List<StoredFile> outputs, boolean stopRequested, String user) {
        this.checked = checked;
        this.statuses.addAll(statuses);
        this.outputs.addAll(outputs);
        this.stopRequested = stopRequested;
        this.user = user;
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
    }

    void onChange(Runnable listener) {
        this.changed = listener;
    }

    JobRequestReader.JobRequest checked() {
        return checked;
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

    void status(String status, String reason) {
        synchronized (this) {
            statuses.add(new JobStatus(status, Instant.now(), reason));
        }
        changed.run();
    }

    /** The whole history, oldest first. */
    synchronized List<JobStatus> history() {
        return List.copyOf(statuses);
    }

    synchronized String user() {
        return user;
    }

    void user(String name) {
        synchronized (this) {
            user = name;
        }
        changed.run();
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

    boolean markStopRequested() {
        boolean first;
        synchronized (this) {
            first = !stopRequested;
            stopRequested = true;
        }
        changed.run();
        return first;
    }

    synchronized boolean isStopRequested() {
        return stopRequested;
    }

    void outputs(List<StoredFile> files) {
        synchronized (this) {
            outputs.clear();
            outputs.addAll(files);
        }
        changed.run();
    }

    synchronized List<StoredFile> outputs() {
        return List.copyOf(outputs);
    }

    /** When the job first had each status: for tests that check queueing and core accounting. */
    synchronized Instant firstTime(String status) {
        return statuses.stream().filter(s -> s.status().equals(status)).map(JobStatus::statusDate).findFirst().orElse(null);
    }
}
