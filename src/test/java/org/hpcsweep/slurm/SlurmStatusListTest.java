package org.hpcsweep.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.hpcsweep.study.JobState;
import org.hpcsweep.study.ObservedStatus;
import org.junit.jupiter.api.Test;

/** The bulk status's reading of {@code GET /jobs}: the jobs due that it holds, ended ones too, and "no change" keeps the last list. */
class SlurmStatusListTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void should_answer_the_jobs_due_and_keep_them_while_nothing_changed() throws Exception {
        SlurmStatusList list = new SlurmStatusList(SlurmDialect.of("v0.0.41"), new SlurmState());
        List<String> due = List.of("11", "12", "13");
        assertNull(list.since(), "the first listing is a full one");
        // Shapes of v0.0.41_openapi_job_info_resp (testsuite/python/data/openapi_specs/openapi_spec_v41.json).
        Map<String, ObservedStatus> first = list.byId(JSON.readTree("""
                {"jobs": [{"job_id": 11, "job_state": ["RUNNING"]}, {"job_id": 12, "job_state": ["COMPLETED"]},
                          {"job_id": 13, "job_state": ["PENDING"], "state_reason": "Resources"},
                          {"job_id": 99, "job_state": ["RUNNING"]}],
                 "last_update": {"set": true, "infinite": false, "number": 1700000000}, "errors": []}"""), due);
        assertEquals(Map.of("11", JobState.RUNNING, "12", JobState.SUCCEEDED, "13", JobState.PENDING), states(first),
                "an ended job is answered from the listing too, not asked on its own; 99 is not due");
        assertEquals(1700000000L, list.since());
        JsonNode noChange = JSON.readTree("""
                {"jobs": [], "warnings": [{"description": "No job changes since update_time[1700000000]"}], "errors": []}""");
        assertEquals(first, list.byId(noChange, due));
        assertEquals(first, list.byId(null, due), "v0.0.38's 304");
        // Something changed: the new full list replaces the old one.
        assertEquals(Map.of("13", JobState.RUNNING), states(list.byId(JSON.readTree("""
                {"jobs": [{"job_id": 13, "job_state": ["RUNNING"]}], "last_update": {"set": true, "number": 1700000009}}"""), due)));
    }

    @Test
    void should_read_every_listing_whole_in_v0038() throws Exception {
        SlurmStatusList list = new SlurmStatusList(SlurmDialect.of("v0.0.38"), new SlurmState());
        list.byId(JSON.readTree("{\"jobs\": [{\"job_id\": 5, \"job_state\": \"RUNNING\"}], \"errors\": []}"), List.of("5"));
        assertNull(list.since(), "v0.0.38's answer names no controller time to ask from");
    }

    @Test
    void should_hand_a_listed_running_job_its_start_by_slurms_clock() throws Exception {
        // Without it the monitor counted a run from the poll that first saw it, and expected its end that much later.
        SlurmStatusList v38 = new SlurmStatusList(SlurmDialect.of("v0.0.38"), new SlurmState());
        Map<String, ObservedStatus> listed = v38.byId(JSON.readTree("""
                {"jobs": [{"job_id": 5, "job_state": "RUNNING", "start_time": 1764853002, "end_time": 1764856602},
                          {"job_id": 6, "job_state": "PENDING", "start_time": 1764853012}], "errors": []}"""), List.of("5", "6"));
        assertEquals(java.time.Instant.ofEpochSecond(1764853002), listed.get("5").since());
        assertNull(listed.get("6").since());
        SlurmStatusList v41 = new SlurmStatusList(SlurmDialect.of("v0.0.41"), new SlurmState());
        assertEquals(java.time.Instant.ofEpochSecond(1764853002), v41.byId(JSON.readTree("""
                {"jobs": [{"job_id": 7, "job_state": ["RUNNING"], "start_time": {"set": true, "infinite": false, "number": 1764853002}}],
                 "last_update": {"set": true, "infinite": false, "number": 1764853003}}"""), List.of("7")).get("7").since());
    }

    @Test
    void should_answer_an_ended_job_with_its_exit_code_and_run_time_from_the_listing() throws Exception {
        // Each such job had cost a GET /job/{id} of its own (figure 2g: 20 of 44 status calls).
        SlurmStatusList v38 = new SlurmStatusList(SlurmDialect.of("v0.0.38"), new SlurmState());
        Map<String, ObservedStatus> listed = v38.byId(JSON.readTree("""
                {"jobs": [{"job_id": 5, "job_state": "FAILED", "exit_code": 768, "state_reason": "NonZeroExitCode",
                           "start_time": 1764853002, "end_time": 1764853012},
                          {"job_id": 6, "job_state": "COMPLETED", "exit_code": 0, "start_time": 1764853002, "end_time": 1764853013}],
                 "errors": []}"""), List.of("5", "6", "7"));
        assertEquals(JobState.FAILED, listed.get("5").state());
        assertEquals(3, listed.get("5").exitCode());
        assertEquals("exit code 3 (NonZeroExitCode)", listed.get("5").reason());
        assertEquals(JobState.SUCCEEDED, listed.get("6").state());
        assertEquals(java.time.Duration.ofSeconds(11), listed.get("6").ran());
        assertNull(listed.get("7"), "a job slurmctld no longer holds is not answered: the flow asks it on its own");
        SlurmStatusList v41 = new SlurmStatusList(SlurmDialect.of("v0.0.41"), new SlurmState());
        ObservedStatus failed = v41.byId(JSON.readTree("""
                {"jobs": [{"job_id": 8, "job_state": ["FAILED"], "exit_code": {"status": ["ERROR"], "return_code": {"set": true, "number": 2},
                           "signal": {"id": {"set": false, "number": 0}}}}],
                 "last_update": {"set": true, "infinite": false, "number": 1764853020}}"""), List.of("8")).get("8");
        assertEquals(JobState.FAILED, failed.state());
        assertEquals(2, failed.exitCode());
    }

    private static Map<String, JobState> states(Map<String, ObservedStatus> statuses) {
        return statuses.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().state()));
    }
}
