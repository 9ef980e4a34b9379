package org.hpcsweep.slurm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * openapi/v0.0.38, Slurm 20.11 to 23.02 (checked against slurmrestd 22.05.8 and the spec it serves at
 * {@code /openapi/v3}): plain numbers, {@code nodes} as a [min, max] list, {@code environment} an
 * object and required, the script beside the job. Its job list answers 304 when nothing changed, but
 * carries no server time to ask from, so it is always read whole.
 */
final class SlurmV0038 implements SlurmDialect {
    @Override
    public String version() {
        return "v0.0.38";
    }

    @Override
    public Map<String, Object> submitBody(SlurmJob job) {
        Map<String, Object> desc = new LinkedHashMap<>();
        desc.put("name", job.name());
        desc.put("nodes", List.of(job.nodes(), job.nodes()));
        desc.put("tasks", job.tasks());
        if (job.tasksPerNode() > 0) {
            desc.put("tasks_per_node", job.tasksPerNode());
        }
        desc.put("cpus_per_task", 1);
        desc.put("current_working_directory", job.workDir());
        desc.put("environment", new LinkedHashMap<>(job.environment()));
        if (job.timeLimitMinutes() != null) {
            desc.put("time_limit", job.timeLimitMinutes());
        }
        putSite(desc, job);
        desc.put("standard_output", job.outputFile());
        desc.put("standard_error", job.outputFile());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("script", job.script());
        body.put("job", desc);
        return body;
    }

    /** partition, account, qos, constraints: the same names in every version; left out when empty. */
    static void putSite(Map<String, Object> desc, SlurmJob job) {
        putIfSet(desc, "partition", job.partition());
        putIfSet(desc, "account", job.account());
        putIfSet(desc, "qos", job.qos());
        putIfSet(desc, "constraints", job.constraint());
    }

    private static void putIfSet(Map<String, Object> desc, String field, String value) {
        if (!value.isEmpty()) {
            desc.put(field, value);
        }
    }

    @Override
    public boolean controllerAnswered(JsonNode ping) {
        for (JsonNode one : ping.path("pings")) {
            if ("UP".equalsIgnoreCase(one.path("ping").asText())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Long listedAt(JsonNode jobs) {
        return null;
    }
}
