package org.hpcsweep.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.hpcsweep.service.ServiceSettings;

/** Shared pieces of the benchmark mains (not tests: nothing here is run by surefire). */
final class BenchSupport {
    static final ObjectMapper JSON = new ObjectMapper();

    private BenchSupport() {
    }

    /** A study zip with only study.yaml at its root. */
    static Path studyZip(Path zip, String studyYaml) throws IOException {
        Files.createDirectories(zip.getParent());
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream zos = new ZipOutputStream(out)) {
            zos.putNextEntry(new ZipEntry("study.yaml"));
            zos.write(studyYaml.getBytes(StandardCharsets.UTF_8));
            zos.closeEntry();
        }
        return zip;
    }

    /** {@code processors: [1]} crossed with {@code rep: [1..n]}: n one-core jobs running {@code command}. */
    static String repStudy(String name, int n, String command, String walltimeHours) {
        StringBuilder reps = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            reps.append(i == 1 ? "" : ", ").append(i);
        }
        return "name: " + name + "\n"
                + "processors: [1]\n"
                + "parameters:\n  rep: [" + reps + "]\n"
                + "job:\n"
                + "  name: \"" + name + " rep={rep}\"\n"
                + "  command: '" + command + "'\n"
                + "  analysis: shell\n  version: \"5\"\n  coreType: local\n  walltime: " + walltimeHours + "\n"
                + "collect:\n  file: comp_time.log\n  format: procs-seconds\n"
                + "charts: [speedup, efficiency, comptime]\n";
    }

    /** Service settings pointing at an already running platform, every folder inside {@code dir}. */
    static ServiceSettings serviceSettings(Path dir, URI platform, Path keyFile, Map<String, String> extra) {
        Map<String, String> o = new HashMap<>();
        o.put("hpcsweep.platform.url", platform.toString());
        o.put("hpcsweep.platform.api-key-file", keyFile.toString());
        o.put("hpcsweep.output", dir.resolve("output").toString());
        o.put("hpcsweep.inbox", dir.resolve("inbox").toString());
        o.put("hpcsweep.inputs", dir.resolve("inputs").toString());
        o.put("hpcsweep.db.url", "jdbc:h2:file:" + dir.resolve("db/hpc-sweep").toAbsolutePath());
        // Rescale's call limits are not the local platform's: with them (85 % of 1,000 submits an
        // hour) the 1,000-job study would rightly wait an hour after its 850th submit.
        o.put("hpcsweep.rate.submit-per-hour", "0");
        o.put("hpcsweep.rate.jobs-per-hour", "0");
        o.putAll(extra);
        return ServiceSettings.load(null, o);
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }

    static double median(List<Double> values) {
        List<Double> s = new ArrayList<>(values);
        s.sort(null);
        int n = s.size();
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    static double min(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    static double max(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /** "median (min–max)" with the given format. */
    /**
     * A table of calls by endpoint, one column per strategy ({@code who}, in order): each strategy's
     * calls of one repetition, an endpoint it never called shown as 0.
     */
    static String endpointTable(String title, List<String> who, Map<String, Map<String, Long>> callsByWho) {
        StringBuilder md = new StringBuilder("\n### ").append(title).append("\n\n| call |");
        who.forEach(w -> md.append(' ').append(w).append(" |"));
        md.append("\n|---|").append("---:|".repeat(who.size())).append('\n');
        java.util.TreeSet<String> endpoints = new java.util.TreeSet<>();
        callsByWho.values().forEach(calls -> endpoints.addAll(calls.keySet()));
        for (String endpoint : endpoints) {
            md.append("| `").append(endpoint).append("` |");
            for (String w : who) {
                md.append(' ').append(callsByWho.getOrDefault(w, Map.of()).getOrDefault(endpoint, 0L)).append(" |");
            }
            md.append('\n');
        }
        return md.append('\n').toString();
    }

    static String mms(List<Double> v, String fmt) {
        if (v.size() == 1) {
            return String.format(fmt, v.get(0)) + " (1 run)";
        }
        return String.format(fmt, median(v)) + " (" + String.format(fmt, min(v)) + "–" + String.format(fmt, max(v)) + ")";
    }

    /** A bare JDK HTTP client for the platform, used by the reference driver and for after-the-fact look-ups. */
    static final class Client {
        final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        final URI base;
        final String key;

        Client(URI base, String key) {
            this.base = base;
            this.key = key;
        }

        HttpRequest.Builder request(String pathOrUrl) {
            return HttpRequest.newBuilder(pathOrUrl.startsWith("http") ? URI.create(pathOrUrl) : base.resolve(pathOrUrl))
                    .header("Authorization", "Token " + key);
        }

        JsonNode getJson(String pathOrUrl) throws IOException, InterruptedException {
            HttpResponse<String> r = http.send(request(pathOrUrl).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IOException("GET " + pathOrUrl + ": " + r.statusCode() + " " + r.body());
            }
            return JSON.readTree(r.body());
        }

        /** A job's statuses, oldest first, with their times. */
        List<Map.Entry<String, Instant>> history(String jobId) throws IOException, InterruptedException {
            JsonNode page = getJson("/api/v2/jobs/" + jobId + "/statuses/?page_size=1000");
            List<Map.Entry<String, Instant>> h = new ArrayList<>();
            for (JsonNode s : page.path("results")) {
                h.add(0, Map.entry(s.path("status").asText(), Instant.parse(s.path("statusDate").asText())));
            }
            return h;
        }

        static Instant first(List<Map.Entry<String, Instant>> history, String status) {
            return history.stream().filter(e -> e.getKey().equals(status)).map(Map.Entry::getValue).findFirst().orElse(null);
        }
    }
}
