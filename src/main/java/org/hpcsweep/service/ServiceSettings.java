package org.hpcsweep.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Properties;

/**
 * hpc-sweep's settings, layered: the defaults shipped in the jar, then
 * {@code config/application.properties} of the working directory, then command-line overrides.
 */
public final class ServiceSettings {
    public static final String LOCAL = "local";
    private static final java.util.regex.Pattern SCHEDULE_KEY = java.util.regex.Pattern.compile("camel\\.routeTemplate\\[([^\\]]+)]\\.(\\w+)");
    private final Properties properties;

    private ServiceSettings(Properties properties) {
        this.properties = properties;
    }

    public static ServiceSettings load(Path configFile, Map<String, String> overrides) {
        Properties p = new Properties();
        try (InputStream defaults = ServiceSettings.class.getResourceAsStream("/application.properties")) {
            if (defaults != null) {
                p.load(new java.io.InputStreamReader(defaults, StandardCharsets.UTF_8));
            }
            if (configFile != null && Files.isRegularFile(configFile)) {
                try (Reader reader = Files.newBufferedReader(configFile, StandardCharsets.UTF_8)) {
                    p.load(reader);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read settings " + configFile, e);
        }
        p.putAll(overrides);
        p.replaceAll((k, v) -> v.toString().strip());
        return new ServiceSettings(p);
    }

    public String get(String key) {
        String value = properties.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("setting " + key + " is missing");
        }
        return value;
    }

    public long getLong(String key) {
        try {
            return Long.parseLong(get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + key + " must be a whole number, not '" + get(key) + "'");
        }
    }

    public Path getPath(String key) {
        return Path.of(get(key)).toAbsolutePath().normalize();
    }

    public boolean isLocalPlatform() {
        return LOCAL.equalsIgnoreCase(get("hpcsweep.platform.url"));
    }

    /** Every key set, for telling a misspelt override from a known setting. */
    public java.util.Set<String> keys() {
        return properties.stringPropertyNames();
    }

    public void set(String key, String value) {
        properties.setProperty(key, value);
    }

    /**
     * The scheduled studies: every {@code camel.routeTemplate[ID]} made from the template
     * {@code scheduled-study}, with its name, cron expression and study.
     */
    public List<Map<String, String>> schedules() {
        Map<String, Map<String, String>> byId = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            java.util.regex.Matcher m = SCHEDULE_KEY.matcher(key);
            if (m.matches()) {
                byId.computeIfAbsent(m.group(1), id -> new LinkedHashMap<>()).put(m.group(2), properties.getProperty(key));
            }
        }
        List<Map<String, String>> schedules = new ArrayList<>();
        byId.forEach((id, values) -> {
            if ("scheduled-study".equals(values.get("templateId"))) {
                Map<String, String> schedule = new LinkedHashMap<>();
                schedule.put("name", values.getOrDefault("name", id));
                schedule.put("cron", values.get("cron"));
                schedule.put("study", values.get("study"));
                schedules.add(schedule);
            }
        });
        return schedules;
    }

    /** The settings for Camel's property placeholders. */
    public Properties asProperties() {
        Properties copy = new Properties();
        copy.putAll(properties);
        return copy;
    }

    /**
     * The key for a remote platform: {@code RESCALE_API_KEY}, else the file named by
     * {@code hpcsweep.platform.api-key-file}. Never logged.
     */
    public String remoteApiKey(Map<String, String> env) {
        String fromEnv = env.get("RESCALE_API_KEY");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.strip();
        }
        String file = properties.getProperty("hpcsweep.platform.api-key-file", "");
        if (!file.isBlank()) {
            try {
                return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new IllegalArgumentException("hpcsweep.platform.api-key-file " + file + " cannot be read: " + e.getMessage());
            }
        }
        throw new IllegalArgumentException("no API key for " + get("hpcsweep.platform.url")
                + ": set the environment variable RESCALE_API_KEY or hpcsweep.platform.api-key-file");
    }
}
