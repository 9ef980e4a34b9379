package org.hpcsweep.flow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.hpcsweep.engine.StepErrors;
import org.hpcsweep.study.StudyInput;
import org.slf4j.LoggerFactory;

/**
 * The inbox (routes/flow/05-inbox.yaml), its bookkeeping around the file consumer, which moves the zip itself: a sidecar study file
 * follows its zip into {@code .done/} or {@code .error/}, and a rejected zip gets
 * {@code NAME.error.txt} beside it saying what was wrong, so nothing the user dropped is lost.
 */
public final class Inbox {
    public static final String DONE = ".done";
    public static final String ERROR = ".error";
    /** The header the inbox route keeps a zip's idempotency key in; intake records it with the run. */
    public static final String CHECKSUM_HEADER = "inboxChecksum";
    private final StepErrors errors;

    Inbox(StepErrors errors) {
        this.errors = errors;
    }

    /**
     * The idempotency key of the zip: its content's checksum (with its sidecar), or, for a zip named
     * {@code NAME.rerun.zip}, a key never seen before, because the user asks for it to run again.
     */
    public String checksum(Exchange exchange) {
        Path zip = zipOf(exchange);
        if (zip.getFileName().toString().toLowerCase().endsWith(".rerun.zip")) {
            return "rerun-" + java.util.UUID.randomUUID();
        }
        return StudyInput.checksum(zip);
    }

    /** The same zip was taken before: it is set aside with a note, not run twice. */
    public void skipped(Exchange exchange) {
        Path zip = zipOf(exchange);
        String base = zip.getFileName().toString().replaceFirst("(?i)\\.zip$", "");
        try {
            Path done = Files.createDirectories(zip.resolveSibling(DONE));
            Files.writeString(done.resolve(base + ".skipped.txt"), zip.getFileName() + " was not run (" + Instant.now()
                    + "): a zip with the same content was already taken (SHA-256 "
                    + exchange.getMessage().getHeader(CHECKSUM_HEADER) + ").\n"
                    + "To run it again on purpose, drop it as " + base + ".rerun.zip.\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        moveSidecar(zip, DONE);
        LoggerFactory.getLogger("hpcsweep.inbox").warn("skipped {}: same content as a zip already taken", zip.getFileName());
    }

    public void accepted(Exchange exchange) {
        moveSidecar(zipOf(exchange), DONE);
    }

    public void rejected(Exchange exchange) {
        Path zip = zipOf(exchange);
        String why = errors.describe(exchange);
        // The log keeps one line per refused zip (a study file's several problems joined); the .error.txt has one per line.
        exchange.setProperty(FlowProperties.REJECTION, why.replace("\n", " | "));
        Path errorDir = zip.resolveSibling(ERROR);
        String base = zip.getFileName().toString().replaceFirst("(?i)\\.zip$", "");
        try {
            Files.createDirectories(errorDir);
            Files.writeString(errorDir.resolve(base + ".error.txt"),
                    zip.getFileName() + " was not run (" + Instant.now() + "):\n" + why + "\n"
                            + "Fix it and drop the zip into the inbox again.\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        moveSidecar(zip, ERROR);
    }

    private static void moveSidecar(Path zip, String folder) {
        Path sidecar = StudyInput.sidecarOf(zip);
        if (Files.isRegularFile(sidecar)) {
            try {
                Path target = zip.resolveSibling(folder);
                Files.createDirectories(target);
                Files.move(sidecar, target.resolve(sidecar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The inbox route keeps the zip's path in a property: the platform calls replace the headers. */
    private static Path zipOf(Exchange exchange) {
        String path = exchange.getProperty(FlowProperties.INBOX_ZIP, String.class);
        return Path.of(path != null ? path : exchange.getMessage().getHeader(Exchange.FILE_PATH, String.class)).toAbsolutePath();
    }
}
