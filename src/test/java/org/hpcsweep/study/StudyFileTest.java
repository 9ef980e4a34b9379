package org.hpcsweep.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StudyFileTest {

    private static final String MINIMAL = """
            name: smc
            processors: [1, 2, 4]
            job:
              command: "run.sh {procs}"
            """;

    @Test
    void should_fill_defaults_for_a_minimal_study() {
        Study study = StudyFile.parse(MINIMAL, "study.yaml");
        assertEquals("smc", study.name());
        assertEquals(List.of(1, 2, 4), study.processors());
        assertEquals("shell", study.job().analysis());
        assertEquals("local", study.job().coreType());
        assertEquals("comp_time.log", study.collect().file());
        assertEquals(ResultFile.PROCS_SECONDS, study.collect().format());
        assertEquals(Study.ALL_CHARTS, study.charts());
        assertEquals("smc p={procs}", study.job().name());
    }

    @Test
    void should_name_an_unknown_key_and_its_line() {
        String text = MINIMAL + "  cores: 4\n";
        StudyFileException e = assertThrows(StudyFileException.class, () -> StudyFile.parse(text, "s.zip!/study.yaml"));
        assertTrue(e.getMessage().startsWith("s.zip!/study.yaml line 5: 'job.cores' is not a known key"), e.getMessage());
    }

    @Test
    void should_list_every_problem_of_a_study_file_at_once() {
        String text = """
                name: "bad name"
                processors: [1, 0]
                colour: blue
                job:
                  command: "run.sh {procs} {size}"
                  slots: 0
                  retries: 11
                  env: {1X: a}
                charts: [pie]
                repeats: 0
                """;
        StudyFileException e = assertThrows(StudyFileException.class, () -> StudyFile.parse(text, "s.yaml"));
        assertEquals(List.of(
                "s.yaml line 3: 'colour' is not a known key; allowed here: [charts, collect, cost, deadline, job, name, parameters, "
                        + "processors, profiles, repeats, scaling]",
                "s.yaml line 1: 'name' 'bad name' is not a usable study name: use letters, digits, '.', '_' or '-' (it names the "
                        + "output folder), at most 80 characters",
                "s.yaml line 2: 'processors[1]' must be at least 1, not 0",
                "s.yaml line 6: 'job.slots' must be at least 1, not 0",
                "s.yaml line 7: 'job.retries' must be a whole number from 0 to 10 (new tries of a job that failed), not 11",
                "s.yaml line 8: 'job.env.1X' is not a valid environment variable name",
                "s.yaml line 9: 'charts[0]' 'pie' is not a chart hpc-sweep draws; use any of " + Study.ALL_CHARTS,
                "s.yaml line 10: 'repeats' must be a whole number from 1 to 100 (runs of each point), not 0"), e.problems());
        assertTrue(e.getMessage().startsWith("s.yaml: 8 problems:\ns.yaml line 3: 'colour'"), e.getMessage());
    }

    @Test
    void should_name_every_unknown_placeholder() {
        StudyFileException e = assertThrows(StudyFileException.class,
                () -> StudyFile.parse("name: a\nprocessors: [1]\njob: {command: \"run {x} {y}\"}\n", "s"));
        assertEquals(2, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).contains("unknown placeholder {x}") && e.problems().get(1).contains("unknown placeholder {y}"),
                e.getMessage());
    }

    @Test
    void should_refuse_bad_processor_lists_naming_the_item() {
        assertMessage("name: a\nprocessors: []\njob: {command: x}\n", "line 2: 'processors' is empty");
        assertMessage("name: a\nprocessors: [1, 0]\njob: {command: x}\n", "'processors[1]' must be at least 1, not 0");
        assertMessage("name: a\nprocessors: [1, -2]\njob: {command: x}\n", "'processors[1]' must be at least 1, not -2");
        assertMessage("name: a\nprocessors:\n  - 1\n  - two\njob: {command: x}\n", "line 4: 'processors[1]' must be a whole number of processors, not the text 'two'");
        assertMessage("name: a\nprocessors: 4\njob: {command: x}\n", "'processors' must be a list");
        assertMessage("name: a\nprocessors: [2, 2]\njob: {command: x}\n", "'processors[1]' 2 is listed twice");
        assertMessage("name: a\njob: {command: x}\n", "'processors' is required");
    }

    @Test
    void should_read_retries_and_refuse_a_count_out_of_range() {
        assertEquals(0, StudyFile.parse(MINIMAL, "s").job().retries());
        assertEquals(2, StudyFile.parse("name: a\nprocessors: [1]\njob: {command: x, retries: 2}\n", "s").job().retries());
        assertMessage("name: a\nprocessors: [1]\njob: {command: x, retries: -1}\n", "'job.retries' must be a whole number from 0 to 10");
        assertMessage("name: a\nprocessors: [1]\njob: {command: x, retries: 11}\n", "'job.retries' must be a whole number from 0 to 10");
    }

    @Test
    void should_read_the_expected_run_time_as_hours_like_walltime_or_with_a_unit() {
        assertEquals(0, StudyFile.parse(MINIMAL, "s").job().expectedRunMillis(), "not given: nothing expected");
        assertEquals(1_800_000, expected("0.5"));
        assertEquals(90_000, expected("90s"));
        assertEquals(300_000, expected("5m"));
        assertEquals(2_700_000, expected("0.75h"));
        assertEquals(2_500, expected("\"2.5 s\""));
        assertEquals(300_000, StudyFile.parse("name: a\nprocessors: [1]\njob: {command: x}\nprofiles: {rescale: {expectedRuntime: 5m}}\n", "s", "rescale")
                .job().expectedRunMillis(), "a profile may set it, as the other job keys");
    }

    @Test
    void should_refuse_an_expected_run_time_without_a_unit_or_beyond_the_walltime() {
        assertMessage(expectedRuntime("soon"), "line 5: 'job.expectedRuntime' must be hours like walltime (0.5) or a time with its unit (90s, 5m, 1.5h), not the text 'soon'");
        assertMessage(expectedRuntime("5 minutes"), "'job.expectedRuntime' must be hours like walltime");
        assertMessage(expectedRuntime("[5]"), "'job.expectedRuntime' must be hours like walltime");
        assertMessage(expectedRuntime("0"), "'job.expectedRuntime' must be above 0 and at most job.walltime (1.0 h), not 0 h");
        assertMessage(expectedRuntime("-5m"), "'job.expectedRuntime' must be hours like walltime");
        assertMessage(expectedRuntime("90m"), "'job.expectedRuntime' must be above 0 and at most job.walltime (1.0 h), not 90m");
        assertEquals(5_400_000, StudyFile.parse(expectedRuntime("90m") + "  walltime: 2\n", "s").job().expectedRunMillis(),
                "within a longer walltime");
    }

    private static String expectedRuntime(String value) {
        return "name: a\nprocessors: [1]\njob:\n  command: x\n  expectedRuntime: " + value + "\n";
    }

    private static long expected(String value) {
        return StudyFile.parse(expectedRuntime(value), "s").job().expectedRunMillis();
    }

    @Test
    void should_refuse_unknown_placeholders_but_leave_shell_syntax_alone() {
        assertMessage("name: a\nprocessors: [1]\njob:\n  command: \"run {nprocs}\"\n",
                "line 4: 'job.command' uses the unknown placeholder {nprocs}");
        Study ok = StudyFile.parse("name: a\nprocessors: [1]\njob:\n  command: \"echo ${HOME} {a,b} {procs}\"\n", "s");
        assertEquals("echo ${HOME} {a,b} 1", StudyPlan.jobs(ok).get(0).command());
    }

    @Test
    void should_refuse_wrong_types_and_values() {
        assertMessage("name: a\nprocessors: [1]\njob:\n  command: x\n  walltime: soon\n", "line 5: 'job.walltime' must be a number");
        assertMessage("name: a\nprocessors: [1]\njob:\n  command: x\n  walltime: 0\n", "'job.walltime' must be a number of hours above 0");
        assertMessage("name: a\nprocessors: [1]\njob:\n  command: x\n  useMpi: maybe\n", "'job.useMpi' must be true or false");
        assertMessage("name: a\nprocessors: [1]\njob:\n  command: x\ncharts: [pie]\n", "'charts[0]' 'pie' is not a chart");
        assertMessage("name: a\nprocessors: [1]\njob:\n  command: x\ncollect:\n  format: xml\n", "'collect.format' 'xml' is not a known format");
        assertMessage("name: a b\nprocessors: [1]\njob: {command: x}\n", "'name' 'a b' is not a usable study name");
        assertMessage("name: a\nprocessors: [1]\njob:\n  command: x\n  analysis: anaconda\n", "'job.version' is required when job.analysis is 'anaconda'");
        assertMessage("name: a\nprocessors: [1]\ndeadline: 0\njob:\n  command: x\n", "line 3: 'deadline' must be a number of hours above 0");
        assertMessage("", "is empty");
        assertMessage("name: [unclosed\n", "not valid YAML");
    }

    @Test
    void should_expand_the_matrix_with_processors_slowest() {
        Study study = StudyFile.parse("""
                name: m
                processors: [1, 2]
                parameters:
                  n: [100, 200]
                job:
                  name: "m {procs} {n}"
                  command: "run --np {procs} --n {n} --i {index}"
                  env: {SIZE: "{n}"}
                """, "study.yaml");
        List<JobSpec> jobs = StudyPlan.jobs(study);
        assertEquals(4, jobs.size());
        assertEquals(List.of("m 1 100", "m 1 200", "m 2 100", "m 2 200"), jobs.stream().map(JobSpec::name).toList());
        assertEquals("run --np 2 --n 200 --i 3", jobs.get(3).command());
        assertEquals(Map.of("SIZE", "200"), jobs.get(3).env());
        assertEquals(List.of("procs", "n"), List.copyOf(jobs.get(0).point().keySet()));
        assertEquals(2, jobs.get(2).procs());
    }

    @Test
    void should_refuse_yaml_aliases_naming_the_line() {
        // Billion laughs in the parameters: each level doubles the one before.
        String bomb = "name: a\nprocessors: [1]\njob: {command: x}\nparameters:\n  a: &a [1, 2, 3]\n  b: &b [*a, *a, *a]\n  c: [*b, *b, *b]\n";
        assertMessage(bomb, "study.yaml line 6: uses the YAML alias *a; study files may not use aliases");
        assertMessage("name: &n a\nprocessors: [1]\njob: {command: *n}\n", "line 3: uses the YAML alias *n");
    }

    @Test
    void should_count_and_describe_the_matrix_without_expanding_it() {
        StringBuilder values = new StringBuilder("[");
        for (int i = 0; i < 100; i++) {
            values.append(i == 0 ? "" : ", ").append(i);
        }
        String hundred = values.append(']').toString();
        Study study = StudyFile.parse("name: m\nprocessors: [1, 2, 4]\nparameters: {x: " + hundred + ", y: " + hundred + ", z: " + hundred
                + "}\njob: {command: run}\n", "study.yaml");
        assertEquals(3_000_000, StudyPlan.jobCount(study));
        assertEquals("3 x 100 x 100 x 100 = 3,000,000", StudyPlan.describeSize(study));
        Study repeated = StudyFile.parse(MINIMAL + "repeats: 5\n", "study.yaml");
        assertEquals("3 x 5 = 15", StudyPlan.describeSize(repeated));
    }

    private static void assertMessage(String yaml, String expected) {
        StudyFileException e = assertThrows(StudyFileException.class, () -> StudyFile.parse(yaml, "study.yaml"));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }
}
