package org.hpcsweep.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import org.hpcsweep.study.JobState;
import org.hpcsweep.study.ObservedStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Every Slurm job state and flag, and the reasons, as slurmrestd v0.0.38 (and v0.0.40+) report them. */
class SlurmStateTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SlurmState slurm = new SlurmState();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "PENDING, PENDING", "REQUEUED, PENDING", "REQUEUE_HOLD, PENDING", "REQUEUE_FED, PENDING",
            "RESV_DEL_HOLD, PENDING", "POWER_UP_NODE, PENDING", "CONFIGURING, PENDING",
            "RUNNING, RUNNING", "COMPLETING, RUNNING", "RESIZING, RUNNING", "SIGNALING, RUNNING",
            "STAGE_OUT, RUNNING", "UPDATE_DB, RUNNING", "SUSPENDED, RUNNING", "STOPPED, RUNNING",
            "COMPLETED, SUCCEEDED",
            "FAILED, FAILED", "NODE_FAIL, FAILED", "BOOT_FAIL, FAILED", "OUT_OF_MEMORY, FAILED",
            "LAUNCH_FAILED, FAILED", "RECONFIG_FAIL, FAILED", "SPECIAL_EXIT, FAILED",
            "CANCELLED, STOPPED", "PREEMPTED, STOPPED", "REVOKED, STOPPED",
            "TIMEOUT, TIMED_OUT", "DEADLINE, TIMED_OUT",
            // as squeue and sacct print them
            "'CANCELLED by 0', STOPPED", "CANCELLED+, STOPPED", "CD, SUCCEEDED", "PD, PENDING", "R, RUNNING",
            "CG, RUNNING", "F, FAILED", "TO, TIMED_OUT", "OOM, FAILED", "NF, FAILED", "CA, STOPPED",
            "completed, SUCCEEDED",
            // a state a later Slurm invents: keep waiting
            "SOMETHING_NEW, PENDING"
    })
    void should_map_every_slurm_state(String slurmState, JobState expected) throws Exception {
        ObservedStatus status = slurm.interpret(response("{\"job_state\": \"" + slurmState + "\", \"exit_code\": 0}"));
        assertEquals(expected, status.state());
        assertEquals(slurmState.split("[ +]")[0].toUpperCase(), status.status());
    }

    @Test
    void should_give_the_exit_code_of_a_failed_job_from_the_raw_wait_status() throws Exception {
        // Measured on slurmrestd 22.05.8: `exit 3` gives exit_code 768 and state_reason NonZeroExitCode.
        ObservedStatus status = slurm.interpret(response(
                "{\"job_state\": \"FAILED\", \"exit_code\": 768, \"state_reason\": \"NonZeroExitCode\", \"state_description\": \"\"}"));
        assertEquals(new ObservedStatus("FAILED", "exit code 3 (NonZeroExitCode)", JobState.FAILED, java.util.List.of(), null, null, 3), status);
    }

    @Test
    void should_name_the_signal_of_a_cancelled_job() throws Exception {
        // Measured: scancel of a running job gives exit_code 15 (SIGTERM) and state_reason None.
        ObservedStatus status = slurm.interpret(response(
                "{\"job_state\": \"CANCELLED\", \"exit_code\": 15, \"state_reason\": \"None\"}"));
        assertEquals(new ObservedStatus("CANCELLED", "signal 15", JobState.STOPPED, java.util.List.of(), null, null, 128 + 15), status);
    }

    @Test
    void should_give_a_success_its_exit_code_and_a_pending_job_its_reason_only() throws Exception {
        assertEquals("exit code 0", slurm.interpret(response(
                "{\"job_state\": \"COMPLETED\", \"exit_code\": 0, \"state_reason\": \"None\"}")).reason());
        ObservedStatus pending = slurm.interpret(response(
                "{\"job_state\": \"PENDING\", \"exit_code\": 0, \"state_reason\": \"Resources\"}"));
        assertEquals(new ObservedStatus("PENDING", "Resources", JobState.PENDING), pending);
        assertNull(slurm.interpret(response("{\"job_state\": \"RUNNING\", \"state_reason\": \"None\"}")).reason());
    }

    @Test
    void should_read_the_v0_0_40_shapes_too() throws Exception {
        ObservedStatus status = slurm.interpret(response("{\"job_state\": [\"FAILED\"], \"exit_code\": "
                + "{\"status\": [\"EXITED\"], \"return_code\": {\"set\": true, \"infinite\": false, \"number\": 2},"
                + " \"signal\": {\"id\": {\"set\": false, \"number\": 0}, \"name\": \"\"}}, \"state_reason\": \"NonZeroExitCode\"}"));
        assertEquals(new ObservedStatus("FAILED", "exit code 2 (NonZeroExitCode)", JobState.FAILED, java.util.List.of(), null, null, 2), status);
        assertEquals(JobState.RUNNING, slurm.interpret(response("{\"job_state\": [\"RUNNING\", \"COMPLETING\"]}")).state());
    }

    @Test
    void should_count_a_run_from_slurms_start_time_and_its_length_from_start_to_end_in_v0_0_38() throws Exception {
        // Shapes measured on slurmrestd 22.05.8 (v0.0.38): epoch seconds; a running job's end_time is its time limit.
        ObservedStatus running = slurm.interpret(response(
                "{\"job_state\": \"RUNNING\", \"submit_time\": 1764853000, \"start_time\": 1764853002, \"end_time\": 1764856602}"));
        assertEquals(Instant.ofEpochSecond(1764853002), running.since());
        assertNull(running.ran(), "end_time of a running job is when its limit runs out, not an end");
        ObservedStatus done = slurm.interpret(response("{\"job_state\": \"COMPLETED\", \"exit_code\": 0,"
                + " \"start_time\": 1764853002, \"end_time\": 1764853012}"));
        assertEquals(Duration.ofSeconds(10), done.ran());
        assertEquals(Instant.ofEpochSecond(1764853012), done.since(), "an ended job's state began at its end");
        ObservedStatus waiting = slurm.interpret(response(
                "{\"job_state\": \"PENDING\", \"start_time\": 1764853100, \"end_time\": 1764856700}"));
        assertNull(waiting.since(), "a waiting job's start_time is the scheduler's estimate");
        assertNull(waiting.ran());
        ObservedStatus unset = slurm.interpret(response("{\"job_state\": \"RUNNING\", \"start_time\": 0}"));
        assertNull(unset.since(), "0: not set");
    }

    @Test
    void should_read_start_and_end_times_as_v0_0_40_number_objects() throws Exception {
        ObservedStatus running = slurm.interpret(response("{\"job_state\": [\"RUNNING\"],"
                + " \"start_time\": {\"set\": true, \"infinite\": false, \"number\": 1764853002},"
                + " \"end_time\": {\"set\": true, \"infinite\": false, \"number\": 1764856602}}"));
        assertEquals(Instant.ofEpochSecond(1764853002), running.since());
        assertNull(running.ran());
        ObservedStatus done = slurm.interpret(response("{\"job_state\": [\"COMPLETED\"],"
                + " \"start_time\": {\"set\": true, \"infinite\": false, \"number\": 1764853002},"
                + " \"end_time\": {\"set\": true, \"infinite\": false, \"number\": 1764853014}}"));
        assertEquals(Duration.ofSeconds(12), done.ran());
        assertEquals(Instant.ofEpochSecond(1764853014), done.since());
        ObservedStatus unset = slurm.interpret(response("{\"job_state\": [\"COMPLETED\"],"
                + " \"start_time\": {\"set\": false, \"infinite\": false, \"number\": 0},"
                + " \"end_time\": {\"set\": true, \"infinite\": true, \"number\": 0}}"));
        assertNull(unset.ran());
        assertNull(unset.since());
    }

    @Test
    void should_call_a_job_slurm_forgot_failed_with_slurms_words() throws Exception {
        ObservedStatus status = slurm.interpret(JSON.readTree(
                "{\"jobs\": [], \"errors\": [{\"description\": \"Unable to find JobId=9\", \"error_number\": 2017}]}"));
        assertEquals(JobState.FAILED, status.state());
        assertTrue(status.reason().contains("Unable to find JobId=9"), status.reason());
    }

    private static JsonNode response(String job) throws Exception {
        return JSON.readTree("{\"jobs\": [" + job + "], \"errors\": []}");
    }
}
