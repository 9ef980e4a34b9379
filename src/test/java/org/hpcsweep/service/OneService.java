package org.hpcsweep.service;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One service, wired as `serve` and `run` wire it, on the embedded platform, for all tests of a class:
 * {@code @RegisterExtension static final OneService SERVICE = new OneService();}.
 */
public final class OneService implements BeforeAllCallback, AfterAllCallback {
    private Path dir;
    private HpcSweepService service;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("hpcsweep-service-test");
        service = HpcSweepService.start(TestStudies.settings(dir, Map.of()));
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        service.close();
        try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (java.io.IOException | java.io.UncheckedIOException leftInTmp) {
            // what is left is in the temporary directory
        }
    }

    public HpcSweepService service() {
        return service;
    }

    /** The service's folder: its output, inbox, platform data and database are below it. */
    public Path dir() {
        return dir;
    }
}
