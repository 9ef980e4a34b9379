package org.hpcsweep.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The submit body in the field names and shapes slurmrestd v0.0.38 accepts. */
class SlurmJobRequestTest {
    private final SlurmJobRequest request = new SlurmJobRequest();

    @Test
    @SuppressWarnings("unchecked")
    void should_ask_for_procs_tasks_on_one_node_in_the_work_dir() {
        Map<String, Object> body = request.build("scaling-4", 4, 1.5, Path.of("/shared/runs/a/scaling-4"),
                "mpirun ./solver", Map.of("OMP_NUM_THREADS", "1"));
        assertEquals("#!/bin/bash\nmpirun ./solver\n", body.get("script"));
        Map<String, Object> job = (Map<String, Object>) body.get("job");
        assertEquals("scaling-4", job.get("name"));
        assertEquals(4, job.get("tasks"));
        assertEquals(1, job.get("cpus_per_task"));
        assertEquals(List.of(1, 1), job.get("nodes"));
        assertEquals("/shared/runs/a/scaling-4", job.get("current_working_directory"));
        assertEquals(90L, job.get("time_limit"));
        assertEquals("/shared/runs/a/scaling-4/process_output.log", job.get("standard_output"));
        assertEquals("/shared/runs/a/scaling-4/process_output.log", job.get("standard_error"));
        assertFalse(job.containsKey("ntasks"), "v0.0.38 calls it tasks");
    }

    @Test
    @SuppressWarnings("unchecked")
    void should_always_give_the_job_a_path_and_let_the_study_override_it() {
        Map<String, String> env = (Map<String, String>) ((Map<String, Object>) request.build("j", 1, 0, Path.of("/w"),
                "true", Map.of("A", "1")).get("job")).get("environment");
        assertEquals(Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "A", "1"), env);
        Map<String, String> own = (Map<String, String>) ((Map<String, Object>) request.build("j", 1, 0, Path.of("/w"),
                "true", Map.of("PATH", "/opt/mpi/bin:/usr/bin")).get("job")).get("environment");
        assertEquals("/opt/mpi/bin:/usr/bin", own.get("PATH"));
        Map<String, String> none = (Map<String, String>) ((Map<String, Object>) request.build("j", 1, 0, Path.of("/w"),
                "true", null).get("job")).get("environment");
        assertEquals(Map.of("PATH", "/usr/local/bin:/usr/bin:/bin"), none);
    }

    @Test
    void should_round_the_walltime_up_to_whole_minutes_and_leave_it_out_when_unset() {
        assertEquals(1, SlurmJobRequest.timeLimitMinutes(0.001));
        assertEquals(60, SlurmJobRequest.timeLimitMinutes(1.0));
        assertEquals(61, SlurmJobRequest.timeLimitMinutes(1.01));
        assertFalse(((Map<?, ?>) request.build("j", 1, 0, Path.of("/w"), "true", Map.of()).get("job")).containsKey("time_limit"));
    }

    @Test
    void should_refuse_a_relative_work_dir_and_no_cores() {
        assertThrows(IllegalArgumentException.class, () -> request.build("j", 1, 1, Path.of("runs/j"), "true", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> request.build("j", 0, 1, Path.of("/w"), "true", Map.of()));
    }

    @Test
    @SuppressWarnings("unchecked")
    void should_spread_a_job_beyond_one_node_over_as_few_nodes_as_hold_it() {
        SlurmJobRequest sized = new SlurmJobRequest(SlurmDialect.of("v0.0.38"), new SlurmSite("", "", "", "", 4));
        Map<String, Object> four = (Map<String, Object>) sized.build("j", 4, 0, Path.of("/w"), "true", Map.of()).get("job");
        assertEquals(List.of(1, 1), four.get("nodes"));
        assertFalse(four.containsKey("tasks_per_node"), "one node: Slurm places the tasks");
        Map<String, Object> ten = (Map<String, Object>) sized.build("j", 10, 0, Path.of("/w"), "true", Map.of()).get("job");
        assertEquals(List.of(3, 3), ten.get("nodes"));
        assertEquals(10, ten.get("tasks"));
        assertEquals(4, ten.get("tasks_per_node"), "4 + 4 + 2");
        Map<String, Object> unknown = (Map<String, Object>) request.build("j", 10, 0, Path.of("/w"), "true", Map.of()).get("job");
        assertEquals(List.of(1, 1), unknown.get("nodes"), "no cpus-per-node: one node, as before");
    }

    @Test
    @SuppressWarnings("unchecked")
    void should_send_the_cluster_settings_that_are_set_and_no_others() {
        Map<String, Object> job = (Map<String, Object>) new SlurmJobRequest(SlurmDialect.of("v0.0.38"),
                new SlurmSite(" gpu ", "proj", "", "a100", 0)).build("j", 1, 0, Path.of("/w"), "true", Map.of()).get("job");
        assertEquals("gpu", job.get("partition"));
        assertEquals("proj", job.get("account"));
        assertEquals("a100", job.get("constraints"));
        assertFalse(job.containsKey("qos"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void should_take_what_the_study_asks_of_the_cluster_over_the_services_settings() {
        Map<String, Object> job = (Map<String, Object>) new SlurmJobRequest(SlurmDialect.of("v0.0.38"),
                new SlurmSite("batch", "proj", "", "", 0)).build("j", 1, 0, Path.of("/w"), "true", Map.of(),
                Map.of("partition", "gpu", "qos", "high")).get("job");
        assertEquals("gpu", job.get("partition"), "the study's");
        assertEquals("proj", job.get("account"), "the service's, where the study says nothing");
        assertEquals("high", job.get("qos"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void should_shape_the_body_as_each_version_takes_it() {
        Map<String, Object> v40 = new SlurmJobRequest(SlurmDialect.of("v0.0.40"), SlurmSite.DEFAULTS)
                .build("j", 2, 1.0, Path.of("/w"), "true", Map.of("A", "1"));
        Map<String, Object> job40 = (Map<String, Object>) v40.get("job");
        assertEquals("#!/bin/bash\ntrue\n", v40.get("script"), "v0.0.40: the script beside the job");
        assertEquals(List.of("PATH=/usr/local/bin:/usr/bin:/bin", "A=1"), job40.get("environment"));
        assertEquals(Map.of("set", true, "infinite", false, "number", 60L), job40.get("time_limit"));
        assertEquals("1", job40.get("nodes"));
        Map<String, Object> v41 = new SlurmJobRequest(SlurmDialect.of("0.0.41"), SlurmSite.DEFAULTS)
                .build("j", 2, 1.0, Path.of("/w"), "true", Map.of());
        assertFalse(v41.containsKey("script"), "v0.0.41: deprecated beside the job");
        assertEquals("#!/bin/bash\ntrue\n", ((Map<String, Object>) v41.get("job")).get("script"));
        assertThrows(IllegalArgumentException.class, () -> SlurmDialect.of("v0.0.39"));
    }
}
