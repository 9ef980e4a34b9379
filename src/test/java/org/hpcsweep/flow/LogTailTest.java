package org.hpcsweep.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {
    @TempDir
    Path dir;

    @Test
    void should_keep_the_last_forty_lines() throws Exception {
        Path log = Files.writeString(dir.resolve("log"), IntStream.rangeClosed(1, 100).mapToObj(i -> "line " + i).collect(Collectors.joining("\n", "", "\n")));
        String tail = LogTail.of(log);
        assertEquals(40, tail.split("\n").length);
        assertEquals("line 61", tail.split("\n")[0]);
        assertEquals("line 100", tail.split("\n")[39]);
    }

    @Test
    void should_read_only_the_end_of_a_huge_log_and_drop_the_partial_first_line() throws Exception {
        Path log = dir.resolve("big");
        Files.writeString(log, "x".repeat(100_000) + "\nlast words\n");
        assertEquals("last words", LogTail.of(log));
    }

    @Test
    void should_give_nothing_for_an_empty_log() throws Exception {
        assertEquals("", LogTail.of(Files.writeString(dir.resolve("empty"), "")));
    }
}
