package org.hpcsweep.bench;

import java.lang.management.ManagementFactory;
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
 * the route collect uses) into a folder. Each against its floor, measured in the same repetition:
 * upload against the slower of {@code cp} of the file and its MD5 (the platform answers an upload
 * with the file's MD5, so it reads every byte through MD5 before it answers), download against
 * {@code cp}. Then, with a bandwidth cap, the same upload and download by a second service whose
 * platform URL is a {@link WanLink} paced to that cap, against the link's rate (size / cap), the cap
 * itself checked by a plain socket copy through the same kind of link each way
 * ({@link LinkCalibration}).
 *
 * <p>Usage: {@code TransferBench <out.md> <workdir> <input.zip> <reps> <note> [<wan MB/s, 0 = none>]}
 */
public final class TransferBench {
    /** Targets of issue 21, item 3. */
    static final double LOCAL_TARGET = 0.50;
    static final double WAN_TARGET = 0.90;
    private static final Path CURL = Path.of("/usr/bin/curl");

    record Rep(int rep, double cpS, double md5S, double intakeS, double uploadS, double downloadS, Receive receive,
               double calUpS, double calDownS, double wanUploadS, double wanDownloadS) {
        double uploadFloorS() {
            return Math.max(cpS, md5S);
        }

        /** The faster way of receiving the platform's answer and writing nothing: the most any download can do here. */
        double receiveS() {
            return Math.min(receive.oneStreamS(), receive.halvesS());
        }
    }

    /**
     * The same download's answer (the platform's {@code sendFile} over loopback TCP) received by curl, a
     * client that is not ours, into /dev/null: one stream, and the two ranged halves at once as the
     * route asks them; and the input from {@link SendfileServer}, which is loopback TCP with no HTTP
     * server's work. Nothing is written, so no download that writes the file can be faster than the
     * platform's two; NaN where curl is not on this machine.
     */
    record Receive(double oneStreamS, double halvesS, double plainS) {
        static final Receive NONE = new Receive(Double.NaN, Double.NaN, Double.NaN);

        Receive withPlain(double seconds) {
            return new Receive(oneStreamS, halvesS, seconds);
        }
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Path work = Path.of(args[1]).toAbsolutePath();
        Path input = Path.of(args[2]).toAbsolutePath();
        int reps = Integer.parseInt(args[3]);
        String note = args.length > 4 ? args[4] : "";
        long wanBytesPerSecond = args.length > 5 ? (long) (Double.parseDouble(args[5]) * 1e6) : 0;
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
        boolean wanIdentical = false;
        Map<String, Integer> probes = new java.util.LinkedHashMap<>();
        boolean wan = wanBytesPerSecond > 0;
        HeapWatch heap = new HeapWatch();
        try (LocalPlatform platform = LocalPlatform.start(new LocalPlatformSettings("127.0.0.1", 0, work.resolve("platform"),
                Set.of(key), Runtime.getRuntime().availableProcessors()));
             HpcSweepService service = HpcSweepService.start(BenchSupport.serviceSettings(work.resolve("local"), platform.baseUrl(), keyFile, Map.of()));
             WanLink link = wan ? WanLink.capped(platform.baseUrl(), wanBytesPerSecond) : null;
             HpcSweepService overWan = wan ? HpcSweepService.start(BenchSupport.serviceSettings(work.resolve("wan"), link.baseUrl(), keyFile, Map.of())) : null;
             LinkCalibration calibration = new LinkCalibration();
             SendfileServer sendfile = new SendfileServer(input);
             WanLink calibrationLink = wan ? WanLink.capped(calibration.address(), wanBytesPerSecond) : null) {
            BenchSupport.Client probe = new BenchSupport.Client(platform.baseUrl(), key);
            probes.put("10 MiB − 64 KiB", probeUpload(probe, 10 * 1048576 - 65536));
            probes.put("10 MiB + 64 KiB", probeUpload(probe, 10 * 1048576 + 65536));
            System.out.println("upload probes before lifting the limit: " + probes);
            for (int rep = 1; rep <= reps; rep++) {
                // The floors: cp of the same file on the same disk, and the MD5 of the file on one thread.
                Path copy = work.resolve("cp-copy.bin");
                settle(input, work);
                Instant c0 = Instant.now();
                run("cp", input.toString(), copy.toString());
                double cp = OverheadBench.secs(c0, Instant.now());
                Files.delete(copy);
                settle(input, work);
                Instant m0 = Instant.now();
                String md5 = md5Of(input);
                double md5S = OverheadBench.secs(m0, Instant.now());

                Transfer local = uploadAndDownload(service, probe, input, work, "local-" + rep, md5, rep == 1);
                identical |= local.identical;

                double calUp = Double.NaN;
                double calDown = Double.NaN;
                Transfer remote = Transfer.NONE;
                if (wan) {
                    calUp = LinkCalibration.up(calibrationLink.baseUrl(), size);
                    calDown = LinkCalibration.down(calibrationLink.baseUrl(), size);
                    remote = uploadAndDownload(overWan, probe, input, work, "wan-" + rep, md5, rep == 1);
                    wanIdentical |= remote.identical;
                }
                reps_.add(new Rep(rep, cp, md5S, local.intakeS, local.uploadS, local.downloadS,
                        local.receive.withPlain(receivePlain(sendfile, input, work)), calUp, calDown, remote.uploadS, remote.downloadS));
                System.out.printf("transfer rep %d: cp %.2f s (%.0f MB/s), md5 %.2f s, intake %.2f s, upload %.2f s (%.0f MB/s), download %.2f s (%.0f MB/s);"
                                + " link: calibration up %.2f s, down %.2f s, upload %.2f s, download %.2f s%n",
                        rep, cp, mb / cp, md5S, local.intakeS, local.uploadS, mb / local.uploadS, local.downloadS, mb / local.downloadS,
                        calUp, calDown, remote.uploadS, remote.downloadS);
            }
        } finally {
            heap.close();
            BenchSupport.deleteTree(work);
        }
        StringBuilder md = new StringBuilder();
        md.append("## 3. Transfers of a large input\n\n");
        md.append(String.format("Input: %s, %.0f MB (%d bytes; random bytes from /dev/urandom stored uncompressed in a zip with its study.yaml). ",
                input.getFileName(), mb, size));
        md.append(String.format("One child JVM started with `%s` (max heap reported: %d MiB) holds the embedded platform and the service; ",
                String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()), Runtime.getRuntime().maxMemory() / (1024 * 1024)));
        md.append("upload = `direct:upload` (multipart POST /api/v2/files/contents/; the platform streams the part to disk and takes its MD5 as it arrives, ");
        md.append("and the service checks the stored size it answers); ");
        md.append("download = `direct:fetch-file` (GET /api/v2/files/{id}/contents/ streamed into a file, the route the collect step uses, ");
        md.append("given the file's size as the file list gives it: above `hpcsweep.download.halves-above` two ranged halves at once) ");
        md.append("of the uploaded file; intake = what the intake step does before the upload (read study.yaml, `Intake.start`: checksum of ");
        md.append("the zip, hard link). Floors, measured in each repetition: download against `cp` of the same file on the same disk ");
        md.append("(GNU cp 9: `copy_file_range`, one copy inside the kernel; no sync; the page cache holds the file in every case); upload ");
        md.append("against the slower of that `cp` and the MD5 of the file on one thread (the platform answers an upload with the file's MD5, as ");
        md.append("Rescale does). Ratios are floor ÷ time, paired within a repetition. Before each timed step, cp and MD5 included, the harness syncs, copies the input to a scratch file ");
        md.append("and deletes it, and the platform's stored copies are deleted after their download: every step starts with the input ");
        md.append("in the page cache and as much memory just freed (on this VM memory not used lately costs a host fault per page; ");
        md.append("`TransferBench.settle`). Receive alone: the same answer of the platform (`sendFile` over loopback TCP) taken by curl, ");
        md.append("a client that is not ours, into /dev/null, whole and as two ranged halves at once, after the download in each repetition: ");
        md.append("nothing is written, so it bounds what any download into a file can reach on this machine; and the input sent by a bare `sendfile` server (`SendfileServer`, no HTTP framework) to curl, which is loopback TCP alone. ").append(note).append('\n');
        md.append("\nUpload probe on the platform as LocalPlatform.start leaves it (bare java.net.http multipart POST of a part of the ")
                .append("given size): ").append(probes).append(" (HTTP status).\n");
        md.append(String.format("Heap in the child JVM over the whole run: at most %.0f MiB in use at once (garbage included, sampled every 5 ms), "
                        + "at most %.0f MiB still in use right after a collection (`HeapWatch`). Download identical to the input (rep 1, byte compare): %s%s.%n%n",
                heap.peakUsed() / 1048576.0, heap.peakLive() / 1048576.0, identical ? "yes" : "NO", wan ? "; over the link: " + (wanIdentical ? "yes" : "NO") : ""));
        md.append("| transfer | runs | seconds | MB/s | floor | % of floor (paired per run) | target |\n|---|---:|---|---|---|---|---|\n");
        md.append(row("cp", reps_, Rep::cpS, mb, null, "–"));
        md.append(row("MD5 of the file, one thread", reps_, Rep::md5S, mb, null, "–"));
        md.append(row("upload floor = max(cp, MD5)", reps_, Rep::uploadFloorS, mb, null, "–"));
        md.append(row("upload", reps_, Rep::uploadS, mb, Rep::uploadFloorS, target(reps_, Rep::uploadS, Rep::uploadFloorS, LOCAL_TARGET)));
        md.append(row("intake alone", reps_, Rep::intakeS, mb, null, "–"));
        md.append(row("intake + upload", reps_, r -> r.intakeS + r.uploadS, mb, Rep::uploadFloorS, "–"));
        md.append(row("download", reps_, Rep::downloadS, mb, Rep::cpS, target(reps_, Rep::downloadS, Rep::cpS, LOCAL_TARGET)));
        if (reps_.stream().noneMatch(r -> Double.isNaN(r.receiveS()))) {
            md.append(row("receive alone: curl into /dev/null, one stream", reps_, r -> r.receive.oneStreamS(), mb, Rep::cpS, "–"));
            md.append(row("receive alone: curl into /dev/null, two ranged halves at once", reps_, r -> r.receive.halvesS(), mb, Rep::cpS, "–"));
            md.append(row("receive alone: curl into /dev/null from a bare sendfile server (loopback TCP alone)", reps_,
                    r -> r.receive.plainS(), mb, Rep::cpS, "–"));
            md.append(row("download against the platform's faster receive alone", reps_, Rep::downloadS, mb, Rep::receiveS, "–"));
        } else {
            md.append("\nThe receive-alone rows are left out: no curl at ").append(CURL).append(" on this machine.\n");
        }
        if (wan) {
            double capMb = wanBytesPerSecond / 1e6;
            java.util.function.ToDoubleFunction<Rep> linkFloor = r -> size / (double) wanBytesPerSecond;
            md.append(String.format("%nOver a WAN-like link capped at %.0f MB/s each way (`WanLink.capped`: a TCP relay on loopback, "
                    + "a token bucket per direction shared by its connections, burst %d KiB); a second service in the same JVM has the "
                    + "link's address as its platform URL. Floor = the link's rate, size ÷ cap = %.2f s. The cap is checked in each "
                    + "repetition by a plain socket copy of the same size through an identical link, each way (`LinkCalibration`).%n%n",
                    capMb, RateCappedRelay.BURST >> 10, size / (double) wanBytesPerSecond));
            md.append("| over the link | runs | seconds | MB/s | floor | % of link (paired per run) | target |\n|---|---:|---|---|---|---|---|\n");
            md.append(row("calibration: socket copy up", reps_, Rep::calUpS, mb, linkFloor, "–"));
            md.append(row("calibration: socket copy down", reps_, Rep::calDownS, mb, linkFloor, "–"));
            md.append(row("upload", reps_, Rep::wanUploadS, mb, linkFloor, target(reps_, Rep::wanUploadS, linkFloor, WAN_TARGET)));
            md.append(row("download", reps_, Rep::wanDownloadS, mb, linkFloor, target(reps_, Rep::wanDownloadS, linkFloor, WAN_TARGET)));
        }
        md.append('\n');
        Files.writeString(out, md.toString());
        System.exit(0);
    }

    /** One upload and one download of the input by a service; {@code NONE} where there was none. */
    record Transfer(double intakeS, double uploadS, double downloadS, Receive receive, boolean identical) {
        static final Transfer NONE = new Transfer(Double.NaN, Double.NaN, Double.NaN, Receive.NONE, false);
    }

    /**
     * Intake, upload ({@code direct:upload}) and download ({@code direct:fetch-file}) of the input by
     * {@code service}; checks the MD5 the platform holds (asked directly, not over the link) and the downloaded size (and, with {@code compare},
     * every byte), then deletes both copies.
     */
    private static Transfer uploadAndDownload(HpcSweepService service, BenchSupport.Client platform, Path input, Path work, String label, String md5,
                                              boolean compare) throws Exception {
        ProducerTemplate template = service.main().getCamelContext().createProducerTemplate();
        long size = Files.size(input);
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
        com.fasterxml.jackson.databind.JsonNode storedFile = platform.getJson("/api/v2/files/" + fileId + "/");
        String stored = storedFile.path("md5").asText();
        if (!md5.equals(stored)) {
            throw new IllegalStateException(label + ": the platform's MD5 " + stored + " is not the file's " + md5);
        }

        // Download: the route collect uses for a job's result file, here for the uploaded input.
        Path dlDir = Files.createDirectories(work.resolve("download-" + label));
        settle(input, work);
        Instant d0 = Instant.now();
        Exchange down = template.send("direct:fetch-file", ex -> {
            ex.setProperty(org.hpcsweep.rescale.PlatformAccount.CALL, "GET /files/" + fileId + "/contents/");
            ex.setProperty(org.hpcsweep.flow.FlowProperties.JOB_DIR, dlDir.toString());
            ex.setProperty(org.hpcsweep.flow.FlowProperties.RESULT_FILE_NAME, "download.bin");
            // The size the fetch-result step finds in the job's file list (decryptedSize), as it passes it on.
            ex.setProperty(org.hpcsweep.rescale.PagedSearch.FOUND_SIZE, storedFile.path("decryptedSize").asLong());
        });
        double download = OverheadBench.secs(d0, Instant.now());
        if (down.getException() != null) {
            throw down.getException();
        }
        Path got = dlDir.resolve("download.bin");
        if (Files.size(got) != size) {
            throw new IllegalStateException(label + ": downloaded " + Files.size(got) + " bytes, not " + size);
        }
        boolean identical = compare && Files.mismatch(input, got) == -1;
        BenchSupport.deleteTree(dlDir);
        Receive receive = label.startsWith("local") ? receiveAlone(platform, fileId, size, input, work) : Receive.NONE;
        // Once downloaded, the stored copy goes: kept, every repetition would hold 4 GiB more of
        // memory, and the later steps would write into memory the guest has not used lately (settle).
        deleteStored(work, fileId);
        return new Transfer(intake, upload, download, receive, identical);
    }

    /** {@link Receive} from the platform: curl GETs the file's contents into /dev/null, once whole, then as two halves at once. */
    private static Receive receiveAlone(BenchSupport.Client platform, String fileId, long size, Path input, Path work) throws Exception {
        if (!Files.isExecutable(CURL)) {
            return Receive.NONE;
        }
        // The key goes in a file, not on a command line that ps shows.
        Path header = Files.writeString(work.resolve("curl-header"), "Authorization: Token " + platform.key + "\n");
        String url = platform.base.resolve("/api/v2/files/" + fileId + "/contents/").toString();
        settle(input, work);
        Instant o0 = Instant.now();
        curlIntoNull(url, header, null).waitFor();
        double one = OverheadBench.secs(o0, Instant.now());
        settle(input, work);
        long half = size / 2;
        Instant h0 = Instant.now();
        CurlRun a = curlIntoNull(url, header, "0-" + (half - 1));
        CurlRun b = curlIntoNull(url, header, half + "-");
        a.waitFor();
        b.waitFor();
        double halves = OverheadBench.secs(h0, Instant.now());
        return new Receive(one, halves, Double.NaN);
    }

    /** Seconds for curl to take the whole input from {@link SendfileServer} into /dev/null; NaN without curl. */
    private static double receivePlain(SendfileServer server, Path input, Path work) throws Exception {
        if (!Files.isExecutable(CURL)) {
            return Double.NaN;
        }
        settle(input, work);
        Instant p0 = Instant.now();
        curlIntoNull(server.address().toString(), null, null).waitFor();
        return OverheadBench.secs(p0, Instant.now());
    }

    /** Started curl, failing its caller's wait (by its exit code) on any HTTP or transfer error. */
    private static CurlRun curlIntoNull(String url, Path header, String range) throws Exception {
        List<String> command = new ArrayList<>(List.of(CURL.toString(), "-sSf", "-o", "/dev/null"));
        if (header != null) {
            command.addAll(List.of("-H", "@" + header));
        }
        if (range != null) {
            command.addAll(List.of("-r", range));
        }
        command.add(url);
        return new CurlRun(new ProcessBuilder(command).inheritIO().start(), url);
    }

    private record CurlRun(Process process, String url) {
        void waitFor() throws InterruptedException {
            if (process.waitFor() != 0) {
                throw new IllegalStateException("curl " + url + " failed: " + process.exitValue());
            }
        }
    }

    /** "n of m runs ≥ target" for time against floor, paired per run. */
    private static String target(List<Rep> reps, java.util.function.ToDoubleFunction<Rep> secs,
                                 java.util.function.ToDoubleFunction<Rep> floor, double target) {
        long met = reps.stream().filter(r -> floor.applyAsDouble(r) / secs.applyAsDouble(r) >= target).count();
        double median = BenchSupport.median(reps.stream().map(r -> floor.applyAsDouble(r) / secs.applyAsDouble(r)).toList());
        return String.format("≥ %.0f %%: median %s; %d of %d runs", target * 100, median >= target ? "met" : "missed", met, reps.size());
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

    private static String row(String name, List<Rep> reps, java.util.function.ToDoubleFunction<Rep> secs, double mb,
                              java.util.function.ToDoubleFunction<Rep> floor, String target) {
        List<Double> s = reps.stream().map(secs::applyAsDouble).toList();
        return "| " + name + " | " + reps.size() + " | " + BenchSupport.mms(s, "%.2f")
                + " | " + BenchSupport.mms(s.stream().map(x -> mb / x).toList(), "%.0f")
                + " | " + (floor == null ? "–" : BenchSupport.mms(reps.stream().map(floor::applyAsDouble).toList(), "%.2f s"))
                + " | " + (floor == null ? "–" : BenchSupport.mms(reps.stream().map(r -> 100 * floor.applyAsDouble(r) / secs.applyAsDouble(r)).toList(), "%.0f %%"))
                + " | " + target + " |\n";
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
    static void settle(Path input, Path work) throws Exception {
        Path scratch = work.resolve("settle-scratch.bin");
        run("cp", input.toString(), scratch.toString());
        Files.delete(scratch);
        run("sync");
    }

    static void run(String... command) throws Exception {
        int rc = new ProcessBuilder(command).inheritIO().start().waitFor();
        if (rc != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + rc);
        }
    }
}
