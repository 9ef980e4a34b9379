package org.hpcsweep.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The leading arguments bench/run passes to ReferenceBench and SlurmBench (no timing here: only their meaning). */
class ComparisonArgsTest {
    @Test
    void readsTheSevenLeadingArgumentsAndKeepsTheRestForTheBench() {
        ComparisonArgs a = ComparisonArgs.parse(new String[] {"target/bench/x.md", "work", "3", "15", "20", "120",
            "default,default+hint,default+rerun", "20", "150", "2d′. heading", "0.1"});

        assertEquals(Path.of("target/bench/x.md"), a.out());
        assertEquals(Path.of("work").toAbsolutePath(), a.work());
        assertEquals(3, a.reps());
        assertEquals(15, a.pollSeconds());
        assertEquals(20, a.jobs());
        assertEquals(120, a.jobSeconds());
        assertEquals(List.of("default", "default+hint", "default+rerun"), a.configs());
        assertEquals("150", a.optional(1, "0"));
        assertEquals("0.1", a.optional(3, "1"));
    }

    @Test
    void optionalArgumentsNotGivenFallBack() {
        ComparisonArgs a = ComparisonArgs.parse(new String[] {"o.md", "w", "1", "15", "20", "10", "default"});

        assertEquals(List.of(), a.rest());
        assertEquals("1", a.optional(3, "1"));
    }

    @Test
    void tooFewArgumentsAreRefusedWithTheUsage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ComparisonArgs.parse(new String[] {"o.md", "w", "3"}));

        assertTrue(e.getMessage().startsWith("expected <out.md> <workdir> <reps>"));
    }
}
