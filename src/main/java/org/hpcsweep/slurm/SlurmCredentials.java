package org.hpcsweep.slurm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.camel.Message;

/**
 * Who hpc-sweep is to slurmrestd: a user name and that user's JWT (from {@code scontrol token}).
 * Read from the environment, never from a route or a properties file, so that the token is in no
 * log, property dump or commit. {@link #applyTo(Message)} clears every other header first: whatever
 * the flow carried as Camel headers would otherwise go out as HTTP headers.
 */
public final class SlurmCredentials {
    public static final String USER_ENV = "SLURM_USER_NAME";
    public static final String TOKEN_ENV = "SLURM_JWT";
    public static final String TOKEN_FILE_ENV = "SLURM_JWT_FILE";

    private final String userName;
    private final String token;

    public SlurmCredentials(String userName, String token) {
        if (userName == null || userName.isBlank()) {
            throw new IllegalArgumentException("no Slurm user name: set " + USER_ENV);
        }
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("no Slurm token for " + userName + ": set " + TOKEN_ENV + " or "
                    + TOKEN_FILE_ENV + " (get one with `scontrol token`)");
        }
        this.userName = userName.strip();
        this.token = token.strip();
    }

    /** {@code SLURM_USER_NAME}, and {@code SLURM_JWT} or else the file named by {@code SLURM_JWT_FILE}. */
    public static SlurmCredentials fromEnvironment(Map<String, String> env) {
        String user = env.get(USER_ENV);
        String token = env.get(TOKEN_ENV);
        String file = env.get(TOKEN_FILE_ENV);
        if ((token == null || token.isBlank()) && file != null && !file.isBlank()) {
            try {
                token = Files.readString(Path.of(file.strip()));
            } catch (IOException e) {
                // Name the file and the kind of failure, nothing of its content.
                throw new IllegalArgumentException("cannot read the Slurm token file " + file + ": "
                        + e.getClass().getSimpleName(), e);
            }
        }
        return new SlurmCredentials(user, token);
    }

    public static SlurmCredentials fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    public String userName() {
        return userName;
    }

    /** Replaces the message's headers by the two that authenticate a slurmrestd call (keeping Camel's retry count). */
    public void applyTo(Message message) {
        // Camel's redelivery headers stay: they count the retries of the step that makes this call.
        message.removeHeaders("*", "CamelRedelivered", "CamelRedeliveryCounter", "CamelRedeliveryMaxCounter");
        message.setHeader(SlurmApi.USER_NAME_HEADER, userName);
        message.setHeader(SlurmApi.USER_TOKEN_HEADER, token);
    }

    /** Masks the token wherever an error or log message could carry it. */
    public String mask(String text) {
        return text == null ? null : text.replace(token, "****");
    }

    @Override
    public String toString() {
        return "SlurmCredentials[" + userName + ", token ****]";
    }
}
