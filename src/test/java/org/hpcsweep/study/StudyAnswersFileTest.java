package org.hpcsweep.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The study file's keys for the answer: repeats, scaling, cost and a pattern to read the value with. */
class StudyAnswersFileTest {
    private static final String BASE = "name: a\nprocessors: [1, 2]\njob: {command: \"run.sh {procs} {repeat}\"}\n";

    @Test
    void should_default_to_one_strong_scaling_run_per_point_without_cost() {
        Study study = StudyFile.parse(BASE, "s");
        assertEquals(1, study.repeats());
        assertEquals(Scaling.STRONG, study.scaling());
        assertNull(study.cost());
    }

    @Test
    void should_plan_each_point_as_often_as_repeats_says_each_its_own_job() {
        Study study = StudyFile.parse(BASE + "repeats: 3\nparameters: {size: [10, 40]}\n", "s");
        List<JobSpec> jobs = StudyPlan.jobs(study);
        assertEquals(2 * 2 * 3, jobs.size());
        assertEquals(List.of(1, 2, 3, 1, 2, 3), jobs.subList(0, 6).stream().map(JobSpec::repeat).toList());
        assertEquals("run.sh 1 3", jobs.get(2).command(), "{repeat} is filled");
        for (int i = 0; i < jobs.size(); i++) {
            assertEquals(i, jobs.get(i).index());
        }
        assertEquals(jobs.get(0).point(), jobs.get(2).point(), "the repeats of a point share it");
    }

    @Test
    void should_read_weak_scaling_and_cost() {
        Study study = StudyFile.parse(BASE + "scaling: weak\ncost: {per-core-hour: 0.12, currency: EUR}\n", "s");
        assertEquals(Scaling.WEAK, study.scaling());
        assertEquals(new CostRate(0.12, "EUR", 0.7), study.cost());
    }

    @Test
    void should_read_a_pattern_with_one_group_and_use_it_on_the_job_output() throws Exception {
        Study study = StudyFile.parse(BASE + "collect: {file: process_output.log, pattern: 'elapsed: ([0-9.]+) s'}\n", "s");
        assertEquals(ResultFile.PATTERN, study.collect().format());
        java.nio.file.Path log = java.nio.file.Files.createTempFile("process_output", ".log");
        java.nio.file.Files.writeString(log, "starting\nelapsed: 2.50 s\nelapsed: 9 s\n");
        assertEquals(2.5, ResultFileReader.seconds(log, study.collect()), 1e-12, "the first match");
        java.nio.file.Files.writeString(log, "no timing here\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResultFileReader.seconds(log, study.collect()));
        assertTrue(e.getMessage().contains("no line matches the pattern"), e.getMessage());
        java.nio.file.Files.delete(log);
    }

    @Test
    void should_refuse_what_it_cannot_use_naming_the_key() {
        assertMessage(BASE + "repeats: 0\n", "'repeats' must be a whole number from 1 to 100");
        assertMessage(BASE + "scaling: sideways\n", "'scaling' 'sideways' is not a kind of scaling");
        assertMessage(BASE + "cost: {currency: USD}\n", "'cost.per-core-hour' is required");
        assertMessage(BASE + "cost: {per-core-hour: -1}\n", "'cost.per-core-hour' must be a price above 0");
        assertMessage(BASE + "cost: {per-core-hour: 1, target-efficiency: 1.5}\n", "'cost.target-efficiency' must be above 0 and at most 1");
        assertMessage(BASE + "collect: {pattern: 'no group'}\n", "'collect.pattern' must have exactly one group");
        assertMessage(BASE + "collect: {pattern: '(a)(b)'}\n", "it has 2");
        assertMessage(BASE + "collect: {pattern: '([0-9'}\n", "'collect.pattern' is not a valid regular expression");
        assertMessage(BASE + "collect: {format: pattern}\n", "'collect.pattern' is required with format 'pattern'");
        assertMessage(BASE + "collect: {format: seconds, pattern: '(x)'}\n", "'collect.format' is 'seconds', but a pattern is given");
        assertMessage(BASE + "parameters: {repeat: [1]}\n", "'parameters.repeat' is a reserved placeholder name");
    }

    private static void assertMessage(String text, String expected) {
        StudyFileException e = assertThrows(StudyFileException.class, () -> StudyFile.parse(text, "s"));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
