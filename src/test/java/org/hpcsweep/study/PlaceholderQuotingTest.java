package org.hpcsweep.study;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Parameter values are data: in job.command they are single shell words unless the study opts out (issue 18, item 9). */
class PlaceholderQuotingTest {
    private static final String STUDY = """
            name: quoting
            processors: [2]
            parameters: {arg: ["$(touch x)", "; touch x", "it's", "40000"]}
            job:
              name: "run {arg}"
              command: "bash workload.sh {procs} {arg}"
              env: {ARG: "{arg}"}
            """;

    @Test
    void should_single_quote_values_with_shell_syntax_and_escape_their_quotes() {
        List<String> commands = StudyPlan.jobs(StudyFile.parse(STUDY, "s")).stream().map(JobSpec::command).toList();
        assertEquals(List.of("bash workload.sh 2 '$(touch x)'", "bash workload.sh 2 '; touch x'",
                "bash workload.sh 2 'it'\\''s'", "bash workload.sh 2 40000"), commands);
    }

    @Test
    void should_leave_job_names_and_env_values_unquoted_for_they_are_not_shell() {
        JobSpec job = StudyPlan.jobs(StudyFile.parse(STUDY, "s")).get(0);
        assertEquals("run $(touch x)", job.name());
        assertEquals("$(touch x)", job.env().get("ARG"));
    }

    @Test
    void should_put_values_in_as_they_are_when_the_study_says_raw_placeholders() {
        String raw = STUDY.replace("  env:", "  rawPlaceholders: true\n  env:");
        assertEquals("bash workload.sh 2 ; touch x", StudyPlan.jobs(StudyFile.parse(raw, "s")).get(1).command());
    }

    @Test
    void should_refuse_raw_placeholders_that_are_not_true_or_false() {
        String bad = STUDY.replace("  env:", "  rawPlaceholders: sometimes\n  env:");
        org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, () -> StudyFile.parse(bad, "s"));
    }
}
