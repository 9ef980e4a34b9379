package org.hpcsweep.service;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds study zips for tests: the shell example's workload with a study file of the test's own. */
public final class TestStudies {
    public static final Path WORKLOAD = Path.of("examples/shell-scaling/workload.sh");

    private TestStudies() {
    }

    /** A zip holding {@code study.yaml} and the shell example's {@code workload.sh}. */
    public static Path shellStudy(Path dir, String zipName, String studyYaml) throws IOException {
        return zip(dir.resolve(zipName), Map.of("study.yaml", studyYaml, "workload.sh", Files.readString(WORKLOAD)));
    }

    public static Path zip(Path zip, Map<String, String> entries) throws IOException {
        Files.createDirectories(zip.getParent());
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream zos = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                zos.putNextEntry(new ZipEntry(e.getKey()));
                zos.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                zos.closeEntry();
            }
        }
        return zip;
    }

    /** Settings for a service whose every folder is inside {@code dir} and whose polling is quick. */
    public static ServiceSettings settings(Path dir, Map<String, String> extra) {
        Map<String, String> overrides = new java.util.HashMap<>(Map.of(
                "hpcsweep.output", dir.resolve("output").toString(),
                "hpcsweep.inbox", dir.resolve("inbox").toString(),
                "hpcsweep.platform.local.data-dir", dir.resolve("platform").toString(),
                "hpcsweep.poll.min-interval-millis", "200",
                "hpcsweep.poll.max-interval-millis", "1000",
                "hpcsweep.poll.tick-millis", "100",
                "hpcsweep.inbox.settle-millis", "300",
                "hpcsweep.inputs", dir.resolve("inputs").toString(),
                "hpcsweep.db.url", "jdbc:h2:file:" + dir.resolve("db/hpc-sweep").toAbsolutePath()));
        overrides.putAll(extra);
        return ServiceSettings.load(null, overrides);
    }

    /**
     * Settings for a service that drives the platform at {@code baseUrl} with {@code key} (written to a
     * key file in {@code dir}), otherwise as {@link #settings}.
     */
    public static ServiceSettings onPlatform(Path dir, java.net.URI baseUrl, String key, Map<String, String> extra) throws IOException {
        Map<String, String> all = new java.util.HashMap<>(Map.of(
                "hpcsweep.platform.url", baseUrl.toString(),
                "hpcsweep.platform.api-key-file", Files.writeString(dir.resolve("platform-key"), key).toString()));
        all.putAll(extra);
        return settings(dir, all);
    }

    /** A multipart/form-data body with one file part: what a browser or {@code curl -F name=@file} sends. */
    public static byte[] multipartFile(String boundary, String part, Path file) throws IOException {
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part + "\"; filename=\"" + file.getFileName()
                + "\"\r\nContent-Type: application/zip\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] content = Files.readAllBytes(file);
        byte[] body = new byte[head.length + content.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(content, 0, body, head.length, content.length);
        System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
        return body;
    }

    /** Waits for the first report.html under a study's output folder; fails naming {@code where} to look. */
    public static Path awaitReport(Path studyOut, java.time.Duration limit, String where) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            if (Files.isDirectory(studyOut)) {
                try (java.util.stream.Stream<Path> files = Files.walk(studyOut)) {
                    Path report = files.filter(p -> p.getFileName().toString().equals("report.html")).findFirst().orElse(null);
                    if (report != null) {
                        return report;
                    }
                } catch (IOException racing) {
                    // the service is writing there; look again
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no report under " + studyOut + (where == null ? "" : "; " + where));
    }
}
