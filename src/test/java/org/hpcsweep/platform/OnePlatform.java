package org.hpcsweep.platform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One embedded platform (2 cores, on loopback) for all tests of a class, with a client that holds
 * its key: {@code @RegisterExtension static final OnePlatform PLATFORM = new OnePlatform("key");}.
 */
final class OnePlatform implements BeforeAllCallback, AfterAllCallback {
    private final String key;
    private Path dataDir;
    private LocalPlatform platform;
    private PlatformClient api;

    OnePlatform(String key) {
        this.key = key;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dataDir = Files.createTempDirectory("hpcsweep-platform-test");
        platform = LocalPlatform.start(new LocalPlatformSettings("127.0.0.1", 0, dataDir, Set.of(key), 2));
        api = new PlatformClient(platform.baseUrl(), key);
    }

    @Override
    public void afterAll(ExtensionContext context) throws java.io.IOException {
        platform.close();
        try (java.util.stream.Stream<Path> all = Files.walk(dataDir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    LocalPlatform platform() {
        return platform;
    }

    PlatformClient api() {
        return api;
    }

    /** The platform's data dir: files/, uploads/, jobs/. */
    Path dataDir() {
        return dataDir;
    }
}
