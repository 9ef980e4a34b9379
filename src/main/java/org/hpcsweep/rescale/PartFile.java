package org.hpcsweep.rescale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.Exchange;
import org.hpcsweep.flow.FlowProperties;

/**
 * The temporary name a download is written under ({@code <resultFileName>.part} in the job's folder,
 * the file producer's {@code tempFileName}) until it is whole and renamed. The file producer renames
 * it on success but leaves it behind when the download fails; after a fetch whose retries all failed
 * it stayed in the job's folder. The fetch route removes it whatever happened.
 */
public final class PartFile {
    /** Removes {@code <jobDir>/<resultFileName>.part} if it is there (after a success it is not: it was renamed). */
    public void discard(Exchange exchange) throws IOException {
        Path part = of(exchange);
        if (part != null) {
            Files.deleteIfExists(part);
        }
    }

    /** {@code <jobDir>/<resultFileName>.part}, or null when the exchange names no result. */
    static Path of(Exchange exchange) {
        String dir = exchange.getProperty(FlowProperties.JOB_DIR, String.class);
        String name = exchange.getProperty(FlowProperties.RESULT_FILE_NAME, String.class);
        return dir == null || name == null ? null : Path.of(dir).resolve(name + ".part");
    }
}
