package org.hpcsweep.platform;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.hpcsweep.sampler.SamplerMain;

/**
 * Installs the platform's own programs in its bin dir, where any job user can read them: the
 * {@code smc-sample} wrapper of the {@code hpc-sweep-smc} software, which runs this very build's
 * sampler classes (copied: jobs may run as a user who cannot read the service's class path, a build
 * dir or ~/.m2 under /root), and the aliases the software catalogue asks for.
 */
final class PlatformBin {
    static final String SAMPLER_MAIN = "org.hpcsweep.sampler.SamplerMain";

    private final Path bin;

    PlatformBin(Path dataDir) throws IOException {
        this.bin = Files.createDirectories(dataDir.resolve("bin"));
        writeSamplerWrapper();
    }

    Path dir() {
        return bin;
    }

    /**
     * A dir holding {@code name}, a script that runs {@code target} (looked up on the job's PATH),
     * e.g. {@code python} for {@code python3}, as Rescale's Anaconda has both.
     */
    Path alias(String code, String version, String name, String target) throws IOException {
        Path dir = Files.createDirectories(bin.resolve("aliases").resolve(safe(code)).resolve(safe(version)));
        Path script = dir.resolve(safe(name));
        Files.writeString(script, "#!/bin/sh\n# " + name + " is " + target + " on this machine (software catalogue alias).\n"
                + "exec " + target.replaceAll("[^A-Za-z0-9._/+-]", "") + " \"$@\"\n");
        for (Path p = script; p.startsWith(bin); p = p.getParent()) {
            readableByAll(p, true);
        }
        return dir;
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._+-]", "_");
    }

    private void writeSamplerWrapper() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path classes = copySampler();
        Path wrapper = bin.resolve("smc-sample");
        Files.writeString(wrapper, "#!/usr/bin/env bash\n"
                + "# The bundled SMC sampler (hpc-sweep-smc), run by the local platform's own Java.\n"
                + "exec '" + java + "' -XX:+UseParallelGC -cp '" + classes + "' " + SAMPLER_MAIN + " \"$@\"\n");
        readableByAll(bin, true);
        readableByAll(wrapper, true);
    }

    /**
     * Copies the sampler (its package uses nothing but the JDK) into bin/, readable by all: jobs may
     * run as a user who cannot read the service's class path (a build dir, ~/.m2 under /root).
     */
    private Path copySampler() throws IOException {
        Path source;
        try {
            source = Path.of(SamplerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException | NullPointerException e) {
            throw new IOException("cannot locate the bundled SMC sampler's classes: " + e);
        }
        if (Files.isRegularFile(source)) {
            Path jar = bin.resolve("hpc-sweep-sampler.jar");
            Files.copy(source, jar, StandardCopyOption.REPLACE_EXISTING);
            readableByAll(jar, false);
            return jar.toAbsolutePath();
        }
        String pkg = SamplerMain.class.getPackageName().replace('.', File.separatorChar);
        Path classes = bin.resolve("classes");
        Path from = source.resolve(pkg);
        Path to = Files.createDirectories(classes.resolve(pkg));
        try (Stream<Path> all = Files.list(from)) {
            for (Path f : all.filter(f -> f.toString().endsWith(".class")).toList()) {
                Path target = to.resolve(f.getFileName().toString());
                Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                readableByAll(target, false);
            }
        }
        for (Path d = to; d.startsWith(classes); d = d.getParent()) {
            readableByAll(d, true);
        }
        return classes.toAbsolutePath();
    }

    private static void readableByAll(Path path, boolean executable) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
        } catch (UnsupportedOperationException notPosix) {
            path.toFile().setReadable(true, false);
            path.toFile().setExecutable(executable, false);
        }
    }
}
