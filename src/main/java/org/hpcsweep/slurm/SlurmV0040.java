package org.hpcsweep.slurm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * openapi/v0.0.40, Slurm 23.11 (data_parser; src/plugins/data_parser/v0.0.40/parsers.c at
 * slurm-23-11-10-1): {@code environment} a list of {@code NAME=value}, {@code nodes} a count string,
 * numbers that may be unset as {@code {"set", "infinite", "number"}}, the script still beside the job.
 * The job list answers with {@code last_update}, the controller's time, and when asked with
 * {@code update_time} and nothing changed, with no jobs, no {@code last_update} and a warning
 * (src/slurmrestd/plugins/openapi/slurmctld/jobs.c).
 */
class SlurmV0040 implements SlurmDialect {
    @Override
    public String version() {
        return "v0.0.40";
    }

    /** Whether the script goes into the job description (v0.0.41+) rather than beside it. */
    boolean scriptInJob() {
        return false;
    }

    @Override
    public final Map<String, Object> submitBody(SlurmJob job) {
        Map<String, Object> desc = new LinkedHashMap<>();
        desc.put("name", job.name());
        if (scriptInJob()) {
            desc.put("script", job.script());
        }
        desc.put("nodes", String.valueOf(job.nodes()));
        desc.put("tasks", job.tasks());
        if (job.tasksPerNode() > 0) {
            desc.put("tasks_per_node", job.tasksPerNode());
        }
        desc.put("cpus_per_task", 1);
        desc.put("current_working_directory", job.workDir());
        desc.put("environment", environment(job.environment()));
        if (job.timeLimitMinutes() != null) {
            desc.put("time_limit", number(job.timeLimitMinutes()));
        }
        SlurmV0038.putSite(desc, job);
        desc.put("standard_output", job.outputFile());
        desc.put("standard_error", job.outputFile());
        Map<String, Object> body = new LinkedHashMap<>();
        if (!scriptInJob()) {
            body.put("script", job.script());
        }
        body.put("job", desc);
        return body;
    }

    static List<String> environment(Map<String, String> env) {
        List<String> list = new ArrayList<>();
        env.forEach((name, value) -> list.add(name + "=" + value));
        return list;
    }

    /** A set, finite number in the {@code uint32_no_val_struct} shape. */
    static Map<String, Object> number(long value) {
        Map<String, Object> number = new LinkedHashMap<>();
        number.put("set", true);
        number.put("infinite", false);
        number.put("number", value);
        return number;
    }

    @Override
    public boolean controllerAnswered(JsonNode ping) {
        for (JsonNode one : ping.path("pings")) {
            if ("UP".equalsIgnoreCase(one.path("pinged").asText()) || one.path("responding").asBoolean(false)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Long listedAt(JsonNode jobs) {
        JsonNode time = jobs.path("last_update");
        if (time.isIntegralNumber()) {
            return time.asLong() > 0 ? time.asLong() : null;
        }
        if (time.path("set").asBoolean(false) && !time.path("infinite").asBoolean(false) && time.path("number").asLong(0) > 0) {
            return time.path("number").asLong();
        }
        return null;
    }
}
