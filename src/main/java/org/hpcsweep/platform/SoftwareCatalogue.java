package org.hpcsweep.platform;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hpcsweep.sampler.SamplerMain;

/**
 * The software a job can ask for ({@code analysis.code} and {@code version}), as
 * {@code GET /api/v2/analyses/} lists it: plain bash, and hpc-sweep's own SMC sampler, which a job's
 * command calls as {@code smc-sample} (a wrapper put first on its PATH that runs this very build's
 * sampler classes, copied where any job user can read them).
 */
final class SoftwareCatalogue {
    static final String SHELL = "shell";
    static final String SMC = "hpc-sweep-smc";
    static final String SAMPLER_MAIN = "org.hpcsweep.sampler.SamplerMain";

    private final Path bin;

    SoftwareCatalogue(Path dataDir) throws IOException {
        this.bin = Files.createDirectories(dataDir.resolve("bin"));
        writeSamplerWrapper();
    }

    /** Code → its versions. */
    Map<String, List<String>> versions() {
        Map<String, List<String>> all = new LinkedHashMap<>();
        all.put(SHELL, List.of("5"));
        all.put(SMC, List.of("1"));
        return all;
    }

    List<Map<String, Object>> asJson() {
        return List.of(
                Map.of("code", SHELL, "name", "Bash", "versions", List.of(Map.of("version", "5", "versionCode", "5"))),
                Map.of("code", SMC, "name", "hpc-sweep SMC sampler",
                        "versions", List.of(Map.of("version", "1", "versionCode", "1"))));
    }

    /** Sets up a job's environment for its software. */
    void prepare(String code, Map<String, String> env) {
        if (SMC.equals(code)) {
            env.put("PATH", bin + File.pathSeparator + env.getOrDefault("PATH", "/usr/bin:/bin"));
        }
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
