package org.hpcsweep.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** slurmrestd's two error shapes, as 22.05 sends them, in one readable line. */
class SlurmErrorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void should_read_both_error_shapes() throws Exception {
        // POST /job/submit without environment: 400
        assertEquals("environment must be set (2127); Failure during parsing (9001)", SlurmErrors.describe(JSON.readTree(
                "{\"errors\": [{\"error\": \"environment must be set\", \"error_code\": 2127},"
                        + " {\"error_code\": 9001, \"error\": \"Failure during parsing\"}]}")));
        // GET /job/{unknown}: 500
        assertEquals("Unable to find JobId=5 (2017)", SlurmErrors.describe(JSON.readTree(
                "{\"errors\": [{\"description\": \"Unable to find JobId=5\", \"error_number\": 2017,"
                        + " \"error\": \"Invalid job id specified\", \"source\": \"slurm_load_job\"}], \"jobs\": []}")));
        assertEquals("", SlurmErrors.describe(JSON.readTree("{\"errors\": [], \"job_id\": 1}")));
    }

    @Test
    void should_keep_slurms_error_numbers_in_all_three_spellings() throws Exception {
        // submit: error_code; job calls: error_number; node calls: errno.
        assertEquals(java.util.List.of(5005, 2017, -1), SlurmErrors.errorNumbers(JSON.readTree(
                "{\"errors\": [{\"error_code\": 5005, \"error\": \"Zero Bytes were transmitted or received\"},"
                        + " {\"error_number\": 2017, \"description\": \"Unable to find JobId=5\"},"
                        + " {\"errno\": -1, \"error\": \"Unspecified error\"}]}")));
        assertEquals(java.util.List.of(), SlurmErrors.errorNumbers(JSON.readTree("{\"errors\": []}")));
    }
}
