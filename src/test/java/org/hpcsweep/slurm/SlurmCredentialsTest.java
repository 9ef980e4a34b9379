package org.hpcsweep.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token goes into the two slurmrestd headers and nowhere else. */
class SlurmCredentialsTest {
    private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.secret-part.signature";

    @Test
    void should_never_show_the_token() {
        SlurmCredentials credentials = new SlurmCredentials("alice", TOKEN);
        assertFalse(credentials.toString().contains(TOKEN));
        assertFalse(credentials.toString().contains("secret-part"));
        assertEquals("call failed with ****", credentials.mask("call failed with " + TOKEN));
        assertNull(credentials.mask(null));
    }

    @Test
    void should_set_exactly_the_two_headers() {
        Message message = new DefaultExchange(new DefaultCamelContext()).getMessage();
        message.setHeader("CamelFileName", "study.zip");
        message.setHeader("Authorization", "Token other");
        new SlurmCredentials("alice", " " + TOKEN + "\n").applyTo(message);
        assertEquals(Map.of("X-SLURM-USER-NAME", "alice", "X-SLURM-USER-TOKEN", TOKEN), message.getHeaders());
    }

    @Test
    void should_read_the_token_from_the_environment_or_a_file(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, TOKEN + "\n");
        assertEquals("bob", SlurmCredentials.fromEnvironment(Map.of("SLURM_USER_NAME", "bob", "SLURM_JWT_FILE",
                file.toString())).userName());
        Message message = new DefaultExchange(new DefaultCamelContext()).getMessage();
        SlurmCredentials.fromEnvironment(Map.of("SLURM_USER_NAME", "bob", "SLURM_JWT", "direct-token",
                "SLURM_JWT_FILE", file.toString())).applyTo(message);
        assertEquals("direct-token", message.getHeader("X-SLURM-USER-TOKEN"), "SLURM_JWT wins over the file");
    }

    @Test
    void should_say_what_is_missing_without_showing_a_token() {
        IllegalArgumentException noToken = assertThrows(IllegalArgumentException.class,
                () -> SlurmCredentials.fromEnvironment(Map.of("SLURM_USER_NAME", "bob")));
        assertEquals("no Slurm token for bob: set SLURM_JWT or SLURM_JWT_FILE (get one with `scontrol token`)",
                noToken.getMessage());
        IllegalArgumentException noUser = assertThrows(IllegalArgumentException.class,
                () -> SlurmCredentials.fromEnvironment(Map.of("SLURM_JWT", TOKEN)));
        assertFalse(noUser.getMessage().contains(TOKEN));
        IllegalArgumentException noFile = assertThrows(IllegalArgumentException.class,
                () -> SlurmCredentials.fromEnvironment(Map.of("SLURM_USER_NAME", "bob", "SLURM_JWT_FILE", "/nonexistent/token")));
        assertEquals("cannot read the Slurm token file /nonexistent/token: NoSuchFileException", noFile.getMessage());
    }

    @Test
    void should_read_the_token_file_again_when_it_changes(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "first-token\n");
        SlurmCredentials credentials = SlurmCredentials.fromFile("bob", file);
        Message message = new DefaultExchange(new DefaultCamelContext()).getMessage();
        credentials.applyTo(message);
        assertEquals("first-token", message.getHeader("X-SLURM-USER-TOKEN"));
        // What a cron job running `scontrol token` does; the time set apart, as a rewrite within the clock's tick would not be.
        Files.writeString(file, "second-token\n");
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        credentials.applyTo(message);
        assertEquals("second-token", message.getHeader("X-SLURM-USER-TOKEN"));
        assertEquals("**** then ****", credentials.mask("first-token then second-token"), "the old token stays masked");
        // Caught mid-rewrite (empty): the token read before goes on.
        Files.writeString(file, "");
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 10000));
        credentials.applyTo(message);
        assertEquals("second-token", message.getHeader("X-SLURM-USER-TOKEN"));
    }
}
