package org.hpcsweep.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.hpcsweep.platform.LocalPlatform;
import org.hpcsweep.platform.LocalPlatformSettings;
import org.hpcsweep.service.HpcSweepService;
import org.hpcsweep.study.Study;
import org.hpcsweep.study.StudyFile;
import org.hpcsweep.study.StudyInput;
import org.hpcsweep.study.StudyRun;

/**
 * Figure 3: transfers of a large input through the service's own routes, in a JVM the caller caps
 * (e.g. {@code -Xmx256m}): the embedded platform and HpcSweepService in this one JVM; intake
 * ({@code Intake.start}: study file read, checksum, hard link), upload ({@code direct:upload},
 * the route {@code start-study} calls) and download of the uploaded file ({@code direct:fetch-file},
 * the route collect uses) into a folder; against {@code cp} of the same file on the same disk.
 *
 * <p>Usage: {@code TransferBench <out.md> <workdir> <input.zip> <reps> <note>}
 */
public final class TransferBench {
    record Rep(int rep, double cpS, double intakeS, double uploadS, double downloadS, double rawUploadS, double rawDownloadS,
               double md5S) {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Path work = Path.of(args[1]).toAbsolutePath();
        Path input = Path.of(args[2]).toAbsolutePath();
        int reps = Integer.parseInt(args[3]);
        String note = args.length > 4 ? args[4] : "";
        long size = Files.size(input);
        double mb = size / 1e6;
        BenchSupport.deleteTree(work);
        Files.createDirectories(work);
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        String key = HexFormat.of().formatHex(secret);
        Path keyFile = Files.writeString(work.resolve("key"), key);
        List<Rep> reps_ = new ArrayList<>();
        boolean identical = false;
        Map<String, Integer> probes = new java.util.LinkedHashMap<>();
        try (LocalPlatform platform = LocalPlatform.start(new LocalPlatformSettings("127.0.0.1", 0, work.resolve("platform"),
                Set.of(key), Runtime.getRuntime().availableProcessors()));
             HpcSweepService service = HpcSweepService.start(BenchSupport.serviceSettings(work, platform.baseUrl(), keyFile, Map.of()))) {
            ProducerTemplate template = service.main().getCamelContext().createProducerTemplate();
            BenchSupport.Client probe = new BenchSupport.Client(platform.baseUrl(), key);
            probes.put("10 MiB − 64 KiB", probeUpload(probe, 10 * 1048576 - 65536));
            probes.put("10 MiB + 64 KiB", probeUpload(probe, 10 * 1048576 + 65536));
            System.out.println("upload probes before lifting the limit: " + probes);
            for (int rep = 1; rep <= reps; rep++) {
                // The floor: cp of the same file on the same disk.
                Path copy = work.resolve("cp-copy.bin");
                settle(input, work);
                Instant c0 = Instant.now();
                int rc = new ProcessBuilder("cp", input.toString(), copy.toString()).inheritIO().start().waitFor();
                double cp = OverheadBench.secs(c0, Instant.now());
                if (rc != 0) {
                    throw new IllegalStateException("cp failed: " + rc);
                }
                Files.delete(copy);

                // Intake as the intake step does it: read the study file, register the run (checksum, hard link).
                settle(input, work);
                Instant i0 = Instant.now();
                String text = StudyInput.studyFileText(input);
                Study study = StudyFile.parse(text, StudyInput.studyFileName(input));
                StudyRun run = service.flow().intake().start(study, text, input);
                double intake = OverheadBench.secs(i0, Instant.now());

                // Upload: the route start-study calls.
                settle(input, work);
                Instant u0 = Instant.now();
                Exchange up = template.send("direct:upload", ex -> org.hpcsweep.flow.FlowProperties.enterRun(ex, run));
                double upload = OverheadBench.secs(u0, Instant.now());
                if (up.getException() != null) {
                    throw up.getException();
                }
                String fileId = run.getInputFileId();

                // Download: the route collect uses for a job's result file, here for the uploaded input.
                Path dlDir = Files.createDirectories(work.resolve("download-" + rep));
                settle(input, work);
                Instant d0 = Instant.now();
                Exchange down = template.send("direct:fetch-file", ex -> {
                    ex.setProperty(org.hpcsweep.rescale.PlatformAccount.CALL, "GET /files/" + fileId + "/contents/");
                    ex.setProperty(org.hpcsweep.flow.FlowProperties.JOB_DIR, dlDir.toString());
                    ex.setProperty(org.hpcsweep.flow.FlowProperties.RESULT_FILE_NAME, "download.bin");
                });
                double download = OverheadBench.secs(d0, Instant.now());
                if (down.getException() != null) {
                    throw down.getException();
                }
                Path got = dlDir.resolve("download.bin");
                if (Files.size(got) != size) {
                    throw new IllegalStateException("downloaded " + Files.size(got) + " bytes, not " + size);
                }
                if (rep == 1) {
                    identical = Files.mismatch(input, got) == -1;
                }
                Files.delete(got);
                // Once downloaded, the stored copy goes: kept, every repetition would hold 4 GiB more of
                // memory, and the later steps would write into memory the guest has not used lately (settle).
                deleteStored(work, fileId);

                // The platform's own ceiling: the same two transfers with a bare java.net.http client.
                BenchSupport.Client client = new BenchSupport.Client(platform.baseUrl(), key);
                String boundary = "----bench" + rep;
                byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"raw.zip\"\r\n"
                        + "Content-Type: application/zip\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
                byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
                settle(input, work);
                Instant r0 = Instant.now();
                var upRaw = client.http.send(client.request("/api/v2/files/contents/")
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(java.net.http.HttpRequest.BodyPublishers.concat(java.net.http.HttpRequest.BodyPublishers.ofByteArray(head),
                                java.net.http.HttpRequest.BodyPublishers.ofFile(input), java.net.http.HttpRequest.BodyPublishers.ofByteArray(tail)))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                double rawUpload = OverheadBench.secs(r0, Instant.now());
                if (upRaw.statusCode() != 201) {
                    throw new IllegalStateException("raw upload: " + upRaw.statusCode() + " " + upRaw.body());
                }
                com.fasterxml.jackson.databind.JsonNode rawFile = BenchSupport.JSON.readTree(upRaw.body());
                String rawId = rawFile.path("id").asText();
                if (rawFile.path("decryptedSize").asLong() != size) {
                    throw new IllegalStateException("raw upload stored " + rawFile.path("decryptedSize").asLong() + " of " + size + " bytes");
                }
                Path rawGot = dlDir.resolve("raw.bin");
                settle(input, work);
                Instant r1 = Instant.now();
                var downRaw = client.http.send(client.request("/api/v2/files/" + rawId + "/contents/").GET().build(),
                        java.net.http.HttpResponse.BodyHandlers.ofFile(rawGot));
                double rawDownload = OverheadBench.secs(r1, Instant.now());
                if (downRaw.statusCode() != 200 || Files.size(rawGot) != size) {
                    throw new IllegalStateException("raw download: " + downRaw.statusCode() + ", " + Files.size(rawGot) + " of " + size + " bytes");
                }
                Files.delete(rawGot);
                deleteStored(work, rawId);

                // The checksum the platform takes of every upload (the file JSON's md5), alone on one thread.
                settle(input, work);
                Instant m0 = Instant.now();
                String md5 = md5Of(input);
                double md5S = OverheadBench.secs(m0, Instant.now());
                if (md5.isEmpty()) {
                    throw new IllegalStateException("no md5");
                }
                reps_.add(new Rep(rep, cp, intake, upload, download, rawUpload, rawDownload, md5S));
                System.out.printf("transfer rep %d: cp %.2f s (%.0f MB/s), intake %.2f s, upload %.2f s (%.0f MB/s), download %.2f s (%.0f MB/s),"
                                + " raw JDK upload %.2f s, raw JDK download %.2f s, md5 %.2f s%n",
                        rep, cp, mb / cp, intake, upload, mb / upload, download, mb / download, rawUpload, rawDownload, md5S);
            }
        } finally {
            BenchSupport.deleteTree(work);
        }
        long peakHeap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peakHeap += pool.getPeakUsage().getUsed();
            }
        }
        StringBuilder md = new StringBuilder();
        md.append("## 3. Transfers of a large input\n\n");
        md.append(String.format("Input: %s, %.0f MB (%d bytes; random bytes from /dev/urandom stored uncompressed in a zip with its study.yaml). ",
                input.getFileName(), mb, size));
        md.append(String.format("One child JVM started with `%s` (max heap reported: %d MiB) holds the embedded platform and the service; ",
                String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()), Runtime.getRuntime().maxMemory() / (1024 * 1024)));
        md.append("upload = `direct:upload` (multipart POST /api/v2/files/contents/; the platform streams the part to disk and takes its MD5 as it arrives); ");
        md.append("download = `direct:fetch-file` (GET /api/v2/files/{id}/contents/ streamed into a file, the route the collect step uses) ");
        md.append("of the uploaded file; intake = what the intake step does before the upload (read study.yaml, `Intake.start`: checksum of ");
        md.append("the zip, hard link). Floor = `cp` of the same file on the same disk (no sync; 23 GB RAM, so the page cache holds the ");
        md.append("file in every case). Before each timed step, cp included, the harness syncs, copies the input to a scratch file ");
        md.append("and deletes it, and the platform's stored copies are deleted after their download: every step starts with the input ");
        md.append("in the page cache and as much memory just freed (on this VM memory not used lately costs a host fault per page; ");
        md.append("`TransferBench.settle`). ").append(note).append('\n');
        md.append("\nUpload probe on the platform as LocalPlatform.start leaves it (bare java.net.http multipart POST of a part of the ")
                .append("given size): ").append(probes).append(" (HTTP status).\n");
        md.append(String.format("Peak heap used in the child JVM (sum of heap pools' peaks): %.0f MiB. Download identical to the input (rep 1, byte compare): %s.%n%n",
                peakHeap / 1048576.0, identical ? "yes" : "NO"));
        List<Double> cp = reps_.stream().map(r -> mb / r.cpS).toList();
        List<Double> upMbs = reps_.stream().map(r -> mb / r.uploadS).toList();
        List<Double> downMbs = reps_.stream().map(r -> mb / r.downloadS).toList();
        List<Double> upWithIntake = reps_.stream().map(r -> mb / (r.uploadS + r.intakeS)).toList();
        md.append("| transfer | runs | seconds | MB/s | % of cp floor (paired per run) |\n|---|---:|---|---|---|\n");
        md.append(row("cp (floor)", reps_, Rep::cpS, cp, reps_.stream().map(r -> 1.0).toList()));
        md.append(row("upload", reps_, Rep::uploadS, upMbs, reps_.stream().map(r -> r.cpS / r.uploadS).toList()));
        md.append(row("intake + upload", reps_, r -> r.intakeS + r.uploadS, upWithIntake,
                reps_.stream().map(r -> r.cpS / (r.intakeS + r.uploadS)).toList()));
        md.append(row("intake alone", reps_, Rep::intakeS, reps_.stream().map(r -> mb / r.intakeS).toList(),
                reps_.stream().map(r -> Double.NaN).toList()));
        md.append(row("download", reps_, Rep::downloadS, downMbs, reps_.stream().map(r -> r.cpS / r.downloadS).toList()));
        md.append(row("diagnostic: upload, bare java.net.http client → same platform", reps_, Rep::rawUploadS,
                reps_.stream().map(r -> mb / r.rawUploadS).toList(), reps_.stream().map(r -> r.cpS / r.rawUploadS).toList()));
        md.append(row("diagnostic: download, bare java.net.http client ← same platform", reps_, Rep::rawDownloadS,
                reps_.stream().map(r -> mb / r.rawDownloadS).toList(), reps_.stream().map(r -> r.cpS / r.rawDownloadS).toList()));
        md.append(row("diagnostic: MD5 of the input on one thread (what the platform digests of every upload)", reps_, Rep::md5S,
                reps_.stream().map(r -> mb / r.md5S).toList(), reps_.stream().map(r -> r.cpS / r.md5S).toList()));
        md.append('\n');
        Files.writeString(out, md.toString());
        System.exit(0);
    }

    /** Removes a stored upload from the platform's disk (its record stays; the bench asks for it no more). */
    private static void deleteStored(Path work, String fileId) throws java.io.IOException {
        BenchSupport.deleteTree(work.resolve("platform").resolve("files").resolve(fileId));
    }

    private static String md5Of(Path file) throws Exception {
        java.security.MessageDigest md5 = java.security.MessageDigest.getInstance("MD5");
        byte[] block = new byte[1 << 20];
        try (java.io.InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(block)) >= 0; ) {
                md5.update(block, 0, n);
            }
        }
        return HexFormat.of().formatHex(md5.digest());
    }

    private static int probeUpload(BenchSupport.Client client, int bytes) throws Exception {
        byte[] data = new byte[bytes];
        new java.util.Random(1).nextBytes(data);
        String boundary = "----probe";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"probe.zip\"\r\n"
                + "Content-Type: application/zip\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var r = client.http.send(client.request("/api/v2/files/contents/")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(java.net.http.HttpRequest.BodyPublishers.concat(java.net.http.HttpRequest.BodyPublishers.ofByteArray(head),
                        java.net.http.HttpRequest.BodyPublishers.ofByteArray(data), java.net.http.HttpRequest.BodyPublishers.ofByteArray(tail)))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        return r.statusCode();
    }

    private static String row(String name, List<Rep> reps, java.util.function.ToDoubleFunction<Rep> secs, List<Double> mbs,
                              List<Double> share) {
        return "| " + name + " | " + reps.size() + " | " + BenchSupport.mms(reps.stream().map(secs::applyAsDouble).toList(), "%.2f")
                + " | " + BenchSupport.mms(mbs, "%.0f") + " | "
                + (share.stream().allMatch(d -> d.isNaN()) ? "–" : BenchSupport.mms(share.stream().map(d -> d * 100).toList(), "%.0f %%"))
                + " |\n";
    }

    /**
     * Untimed, before every timed transfer: the same start for each (cp included). It writes back
     * what earlier ones left dirty in the page cache (without it the later transfers of a repetition
     * were throttled by the kernel's writeback of the earlier ones' gigabytes, and the floor, first,
     * was not), and it copies the input to a scratch file and deletes it, which leaves the input in
     * the page cache and the size of the input in memory just freed. On this VM memory that the guest
     * has not used lately costs a fault on the host per page: touching 16 GiB of it took 48 s, and
     * 23 s the next time (0.35–0.7 GB/s), where a cp of 2 GiB right after deleting 2 GiB took 0.6 s.
     * Which step got which memory decided a transfer's time by up to 3 times; now none is favoured.
     */
    private static void settle(Path input, Path work) throws Exception {
        Path scratch = work.resolve("settle-scratch.bin");
        run("cp", input.toString(), scratch.toString());
        Files.delete(scratch);
        run("sync");
    }

    private static void run(String... command) throws Exception {
        int rc = new ProcessBuilder(command).inheritIO().start().waitFor();
        if (rc != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + rc);
        }
    }
}
