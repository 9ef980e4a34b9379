package org.hpcsweep.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The software a job can ask for ({@code analysis.code} and {@code version}), as
 * {@code GET /api/v2/analyses/} lists it, read from the software catalogue {@value #FILE}: the working
 * directory's copy if there is one, else the one shipped in the jar. Each version says how it runs
 * here (PATH entries, environment, aliases), so a job written for Rescale runs unchanged.
 */
final class SoftwareCatalogue {
    static final String FILE = "config/software.yaml";
    private static final String BIN_TOKEN = "${platform.bin}";

    /** How one version runs here: directories first on PATH, then variables. */
    record Version(String version, List<String> path, Map<String, String> env) {
    }

    record Software(String code, String name, Map<String, Version> versions) {
    }

    private final Map<String, Software> software = new LinkedHashMap<>();
    private final String source;

    SoftwareCatalogue(Path dataDir) throws IOException {
        PlatformBin bin = new PlatformBin(dataDir);
        Path local = Path.of(FILE);
        JsonNode root;
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        if (Files.isRegularFile(local)) {
            source = local.toAbsolutePath().toString();
            root = yaml.readTree(local.toFile());
        } else {
            source = FILE + " (the default in the jar)";
            try (InputStream in = SoftwareCatalogue.class.getResourceAsStream("/software.yaml")) {
                if (in == null) {
                    throw new IOException("no software catalogue: neither " + local.toAbsolutePath() + " nor software.yaml in the jar");
                }
                root = yaml.readTree(in);
            }
        }
        for (JsonNode a : root.path("analyses")) {
            String code = a.path("code").asText("");
            if (code.isBlank()) {
                throw new IOException(source + ": an analysis without a code");
            }
            Map<String, Version> versions = new LinkedHashMap<>();
            for (JsonNode v : a.path("versions")) {
                String version = v.path("version").asText("");
                List<String> path = new ArrayList<>();
                v.path("aliases").fields().forEachRemaining(e -> path.add(alias(bin, code, version, e.getKey(), e.getValue().asText())));
                v.path("path").forEach(p -> path.add(p.asText().replace(BIN_TOKEN, bin.dir().toString())));
                Map<String, String> env = new LinkedHashMap<>();
                v.path("env").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
                versions.put(version, new Version(version, List.copyOf(path), env));
            }
            software.put(code, new Software(code, a.path("name").asText(code), versions));
        }
    }

    private static String alias(PlatformBin bin, String code, String version, String name, String target) {
        try {
            return bin.alias(code, version, name, target).toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Where the catalogue was read from, for error messages that say which file to extend. */
    String source() {
        return source;
    }

    Optional<Software> find(String code) {
        return Optional.ofNullable(software.get(code));
    }

    List<String> codes() {
        return List.copyOf(software.keySet());
    }

    /** Rescale's shape: {@code {code, name, versions[{version, versionCode}]}}. */
    List<Map<String, Object>> asJson() {
        List<Map<String, Object>> all = new ArrayList<>();
        for (Software s : software.values()) {
            List<Map<String, Object>> versions = new ArrayList<>();
            s.versions().keySet().forEach(v -> versions.add(Map.of("version", v, "versionCode", v)));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("code", s.code());
            json.put("name", s.name());
            json.put("versions", versions);
            all.add(json);
        }
        return all;
    }

    /** Sets up a job's environment for its software: the catalogue's variables, its PATH entries first. */
    void prepare(String code, String version, Map<String, String> env, Map<String, String> jobOwn) {
        Software s = software.get(code);
        Version v = s == null ? null : s.versions().get(version);
        if (v == null) {
            return;
        }
        v.env().forEach((k, value) -> {
            if (!jobOwn.containsKey(k)) {
                env.put(k, value);
            }
        });
        if (!v.path().isEmpty()) {
            env.put("PATH", String.join(File.pathSeparator, v.path()) + File.pathSeparator + env.getOrDefault("PATH", "/usr/bin:/bin"));
        }
    }
}
