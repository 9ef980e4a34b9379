package org.hpcsweep.slurm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What differs between the slurmrestd OpenAPI versions this engine speaks, one implementation per
 * version: the submit body, how a ping says the controller answers, and whether the job list can be
 * asked for changes only. Everything else (paths below {@code /slurm/VERSION/}, the job fields the
 * state mapping reads, the error list) is the same or read in every shape by {@link SlurmState} and
 * {@link SlurmErrors}, so the engine and its routes hold no version checks.
 */
public interface SlurmDialect {
    /** Newest first: the order in which a version offered by slurmrestd is preferred. */
    List<SlurmDialect> SUPPORTED = List.of(new SlurmV0042(), new SlurmV0041(), new SlurmV0040(), new SlurmV0038());

    /** {@code v0.0.41}: the part of the paths after {@code /slurm/}. */
    String version();

    /** The submit body for {@code POST /slurm/VERSION/job/submit} (a Map, which Jackson marshals). */
    Map<String, Object> submitBody(SlurmJob job);

    /** Whether a {@code GET /slurm/VERSION/ping} answer says a slurmctld answered. */
    boolean controllerAnswered(JsonNode ping);

    /**
     * The server's time of a {@code GET /jobs} answer, to pass as {@code update_time} next time, or
     * null when this version's answer carries none (then every listing is a full one).
     */
    Long listedAt(JsonNode jobs);

    /** The path of a call below the version: {@code /jobs} becomes {@code /slurm/v0.0.41/jobs}. */
    default String path(String call) {
        return "/slurm/" + version() + call;
    }

    /** The dialect of a version name ({@code v0.0.40} or {@code 0.0.40}). */
    static SlurmDialect of(String version) {
        String name = version.strip().startsWith("v") ? version.strip() : "v" + version.strip();
        return SUPPORTED.stream().filter(d -> d.version().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("slurmrestd OpenAPI " + version + " is not one this engine speaks ("
                        + String.join(", ", SUPPORTED.stream().map(SlurmDialect::version).toList()) + ")"));
    }

    /** The newest version both sides speak, among those slurmrestd {@code offered}. */
    static SlurmDialect newestOf(Collection<String> offered) {
        return SUPPORTED.stream().filter(d -> offered.contains(d.version())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("slurmrestd offers OpenAPI " + offered + ", none of which this engine speaks ("
                        + String.join(", ", SUPPORTED.stream().map(SlurmDialect::version).toList()) + ")"));
    }
}
