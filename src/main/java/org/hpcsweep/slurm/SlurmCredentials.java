package org.hpcsweep.slurm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who hpc-sweep is to slurmrestd: a user name and that user's JWT (from {@code scontrol token}).
 * Read from the environment or a token file, never from a route or a properties file, so that the
 * token is in no log, property dump or commit. {@link #applyTo(Message)} clears every other header
 * first: whatever the flow carried as Camel headers would otherwise go out as HTTP headers.
 *
 * <p>A token file is read again whenever it changes (its time or size, looked at before each call):
 * Slurm's tokens expire ({@code scontrol token lifespan=...}), so a cron job that rewrites the file
 * keeps a service running for weeks without a restart. An unreadable or empty file in the middle of
 * a rewrite keeps the token read last.
 */
public final class SlurmCredentials {
    public static final String USER_ENV = "SLURM_USER_NAME";
    public static final String TOKEN_ENV = "SLURM_JWT";
    public static final String TOKEN_FILE_ENV = "SLURM_JWT_FILE";
    private static final Logger LOG = LoggerFactory.getLogger("hpcsweep.slurm");
    /** Tokens replaced by a newer one are still masked: an error message may have been built with one. */
    private static final int MASKED_OLD_TOKENS = 8;

    private final String userName;
    private final Path tokenFile;
    private final Deque<String> oldTokens = new ArrayDeque<>();
    private String token;
    private String fileStamp;

    public SlurmCredentials(String userName, String token) {
        this(userName, token, null, null);
    }

    private SlurmCredentials(String userName, String token, Path tokenFile, String fileStamp) {
        if (userName == null || userName.isBlank()) {
            throw new IllegalArgumentException("no Slurm user name: set " + USER_ENV);
        }
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("no Slurm token for " + userName + ": set " + TOKEN_ENV + " or "
                    + TOKEN_FILE_ENV + " (get one with `scontrol token`)");
        }
        this.userName = userName.strip();
        this.token = token.strip();
        this.tokenFile = tokenFile;
        this.fileStamp = fileStamp;
    }

    /** The user and the token in {@code file}, read again whenever the file changes. */
    public static SlurmCredentials fromFile(String userName, Path file) {
        try {
            String stamp = stamp(file);
            return new SlurmCredentials(userName, Files.readString(file), file, stamp);
        } catch (IOException e) {
            // Name the file and the kind of failure, nothing of its content.
            throw new IllegalArgumentException("cannot read the Slurm token file " + file + ": " + e.getClass().getSimpleName(), e);
        }
    }

    /** {@code SLURM_USER_NAME}, and {@code SLURM_JWT} or else the file named by {@code SLURM_JWT_FILE}. */
    public static SlurmCredentials fromEnvironment(Map<String, String> env) {
        String user = env.get(USER_ENV);
        String token = env.get(TOKEN_ENV);
        String file = env.get(TOKEN_FILE_ENV);
        if ((token == null || token.isBlank()) && file != null && !file.isBlank()) {
            return fromFile(user, Path.of(file.strip()));
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
        message.setHeader(SlurmApi.USER_TOKEN_HEADER, token());
    }

    /** The current token: the file's content again if it changed since it was read. */
    synchronized String token() {
        if (tokenFile != null) {
            try {
                String stamp = stamp(tokenFile);
                if (!stamp.equals(fileStamp)) {
                    String read = Files.readString(tokenFile).strip();
                    if (!read.isEmpty()) {
                        if (!read.equals(token)) {
                            oldTokens.addFirst(token);
                            if (oldTokens.size() > MASKED_OLD_TOKENS) {
                                oldTokens.removeLast();
                            }
                            LOG.info("Slurm token of user {} read again from {}", userName, tokenFile);
                        }
                        token = read;
                        fileStamp = stamp;
                    }
                }
            } catch (IOException e) {
                LOG.warn("Slurm token file {} cannot be read ({}); keeping the token read before", tokenFile, e.getClass().getSimpleName());
            }
        }
        return token;
    }

    private static String stamp(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        return attributes.lastModifiedTime().toMillis() + "/" + attributes.lastModifiedTime() + "/" + attributes.size();
    }

    /** Masks the token (and the ones it replaced) wherever an error or log message could carry it. */
    public synchronized String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = text.replace(token, "****");
        for (String old : oldTokens) {
            masked = masked.replace(old, "****");
        }
        return masked;
    }

    @Override
    public String toString() {
        return "SlurmCredentials[" + userName + ", token ****]";
    }
}
