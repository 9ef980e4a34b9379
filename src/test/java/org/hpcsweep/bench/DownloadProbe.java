package org.hpcsweep.bench;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.io.SocketConfig;
import org.hpcsweep.platform.LocalPlatform;
import org.hpcsweep.platform.LocalPlatformSettings;
import org.hpcsweep.service.HpcSweepService;

/**
 * One-off probe, not a figure: ways to take the platform's download of a large file into a file,
 * each against {@code cp} of the same file in the same round (issue 21, item 3). Usage:
 * {@code DownloadProbe <workdir> <MiB> <rounds> [variant,...]}
 */
public final class DownloadProbe {
    interface Variant {
        void run(URI url, String key, Path target, long size) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]).toAbsolutePath();
        long size = Long.parseLong(args[1]) << 20;
        int rounds = Integer.parseInt(args[2]);
        BenchSupport.deleteTree(work);
        Files.createDirectories(work);
        Path input = work.resolve("input.bin");
        run("sh", "-c", "head -c " + size + " /dev/urandom > " + input);
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        String key = HexFormat.of().formatHex(secret);
        Path keyFile = Files.writeString(work.resolve("key"), key);
        try (LocalPlatform platform = LocalPlatform.start(new LocalPlatformSettings("127.0.0.1", 0, work.resolve("platform"),
                Set.of(key), Runtime.getRuntime().availableProcessors()));
             HpcSweepService service = HpcSweepService.start(BenchSupport.serviceSettings(work.resolve("local"), platform.baseUrl(), keyFile,
                     // -Dhalves.above=BYTES: the threshold of the halves, to size it (the setting's default otherwise).
                     System.getProperty("halves.above") == null ? Map.of() : Map.of("hpcsweep.download.halves-above", System.getProperty("halves.above"))))) {
            BenchSupport.Client client = new BenchSupport.Client(platform.baseUrl(), key);
            String id = upload(client, input);
            URI url = platform.baseUrl().resolve("/api/v2/files/" + id + "/contents/");
            ProducerTemplate template = service.main().getCamelContext().createProducerTemplate();
            Map<String, Variant> variants = new LinkedHashMap<>();
            // The route as one stream (no size given: as before the halves) and as the fetch-result step
            // uses it (the size from the file list: two halves above hpcsweep.download.halves-above).
            variants.put("route", (u, k, t, s) -> fetch(template, "direct:fetch-file", id, t, null));
            variants.put("route-halves", (u, k, t, s) -> fetch(template, "direct:fetch-file", id, t, s));
            variants.put("hc5-drop", (u, k, t, s) -> hc5(u, k, 0, in -> {
                byte[] b = new byte[1 << 20];
                while (in.read(b) >= 0) {
                }
                Files.writeString(t, "x");
            }));
            variants.put("hc5-serial-1M", (u, k, t, s) -> hc5(u, k, 0, in -> serial(in, t, 1 << 20)));
            variants.put("hc5-ranged-2", (u, k, t, s) -> ranged(u, k, t, s, 2, 1 << 20));
            variants.put("hc5-ranged-3", (u, k, t, s) -> ranged(u, k, t, s, 3, 1 << 20));
            variants.put("hc5-ranged-4", (u, k, t, s) -> ranged(u, k, t, s, 4, 1 << 20));
            for (int kib : new int[] {64, 128, 256, 512}) {
                variants.put("hc5-ranged-2-" + kib + "k", (u, k, t, s) -> ranged(u, k, t, s, 2, kib << 10));
            }
            variants.put("hc5-ranged-2-files", (u, k, t, s) -> rangedFiles(u, k, t, s, true));
            variants.put("hc5-ranged-2-files-drop", (u, k, t, s) -> rangedFiles(u, k, t, s, false));
            variants.put("hc5-2thr-6x4M", (u, k, t, s) -> hc5(u, k, 0, in -> twoThreads(in, t, 6, 4 << 20)));
            variants.put("hc5-2thr-8x1M", (u, k, t, s) -> hc5(u, k, 0, in -> twoThreads(in, t, 8, 1 << 20)));
            variants.put("hc5-rcv4M-2thr-6x4M", (u, k, t, s) -> hc5(u, k, 4 << 20, in -> twoThreads(in, t, 6, 4 << 20)));
            variants.put("hc5-mmap-64M", (u, k, t, s) -> hc5(u, k, 0, in -> mmapFromStream(in, t, s)));
            variants.put("raw-mmap-64M", (u, k, t, s) -> raw(u, k, ch -> rawMmap(ch, t, s)));
            variants.put("raw-2thr-direct-6x4M", (u, k, t, s) -> raw(u, k, ch -> rawTwoThreads(ch, t, s, 6, 4 << 20)));
            if (args.length > 3) {
                variants.keySet().retainAll(List.of(args[3].split(",")));
            }
            Map<String, List<Double>> ratios = new LinkedHashMap<>();
            Map<String, List<Double>> secs = new LinkedHashMap<>();
            Map<String, List<Double>> cpus = new LinkedHashMap<>();
            for (int round = 1; round <= rounds; round++) {
                settle(input, work);
                Path copy = work.resolve("cp-copy.bin");
                Instant c0 = Instant.now();
                Path times = work.resolve("cp-times");
                run("/usr/bin/time", "-o", times.toString(), "-f", "%U %S", "cp", input.toString(), copy.toString());
                double cp = OverheadBench.secs(c0, Instant.now());
                double cpCpu = java.util.Arrays.stream(Files.readString(times).trim().split(" ")).mapToDouble(Double::parseDouble).sum();
                cpus.computeIfAbsent("cp", n -> new ArrayList<>()).add(cpCpu);
                Files.delete(copy);
                secs.computeIfAbsent("cp", n -> new ArrayList<>()).add(cp);
                StringBuilder line = new StringBuilder(String.format("round %d: cp %.2f", round, cp));
                List<String> order = new ArrayList<>(variants.keySet());
                java.util.Collections.rotate(order, round);
                for (String name : order) {
                    Path dir = Files.createDirectories(work.resolve("dl"));
                    Path target = dir.resolve("download.bin");
                    settle(input, work);
                    Map<String, Long> threads0 = threadTicks();
                    long cpu0 = cpuNanos();
                    Instant t0 = Instant.now();
                    variants.get(name).run(url, key, target, size);
                    double s = OverheadBench.secs(t0, Instant.now());
                    double cpuS = (cpuNanos() - cpu0) / 1e9;
                    cpus.computeIfAbsent(name, n -> new ArrayList<>()).add(cpuS);
                    System.out.println("  threads, " + name + ": " + split(threads0, threadTicks()));
                    if (!name.endsWith("drop") && Files.size(target) != size) {
                        throw new IllegalStateException(name + ": " + Files.size(target) + " bytes");
                    }
                    if (round == 1 && !name.endsWith("drop") && Files.mismatch(input, target) != -1) {
                        throw new IllegalStateException(name + ": not identical");
                    }
                    BenchSupport.deleteTree(dir);
                    secs.computeIfAbsent(name, n -> new ArrayList<>()).add(s);
                    ratios.computeIfAbsent(name, n -> new ArrayList<>()).add(cp / s);
                    line.append(String.format(", %s %.2f (%.0f %%, cpu %.2f)", name, s, 100 * cp / s, cpuS));
                }
                System.out.println(line + "  load " + Files.readString(Path.of("/proc/loadavg")).trim());
            }
            System.out.println("\nsummary, " + (size >> 20) + " MiB, " + rounds + " rounds: seconds median (min–max), % of cp paired");
            secs.forEach((name, s) -> System.out.println("  " + name + ": " + BenchSupport.mms(s, "%.2f")
                    + (ratios.containsKey(name) ? "  " + BenchSupport.mms(ratios.get(name).stream().map(r -> 100 * r).toList(), "%.0f %%") : "")
                    + (cpus.containsKey(name) ? "  cpu " + BenchSupport.mms(cpus.get(name), "%.2f s") : "")));
        } finally {
            BenchSupport.deleteTree(work);
        }
        System.exit(0);
    }

    private static void fetch(ProducerTemplate template, String route, String id, Path t, Long size) throws Exception {
        Exchange ex = template.send(route, e -> {
            if (size != null) {
                e.setProperty(org.hpcsweep.rescale.PagedSearch.FOUND_SIZE, size);
            }
            e.setProperty(org.hpcsweep.rescale.PlatformAccount.CALL, "GET /files/" + id + "/contents/");
            e.setProperty(org.hpcsweep.flow.FlowProperties.JOB_DIR, t.getParent().toString());
            e.setProperty(org.hpcsweep.flow.FlowProperties.RESULT_FILE_NAME, t.getFileName().toString());
        });
        if (ex.getException() != null) {
            throw ex.getException();
        }
    }

    interface Body {
        void take(InputStream in) throws Exception;
    }

    interface RawBody {
        void take(SocketChannel ch) throws Exception;
    }

    private static void hc5(URI url, String key, int rcvBuf, Body body) throws Exception {
        SocketConfig.Builder socket = SocketConfig.custom();
        if (rcvBuf > 0) {
            socket.setRcvBufSize(rcvBuf);
        }
        try (CloseableHttpClient http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create().setDefaultSocketConfig(socket.build()).build())
                .build()) {
            HttpGet get = new HttpGet(url);
            get.addHeader("Authorization", "Token " + key);
            try (ClassicHttpResponse r = http.executeOpen(null, get, null); InputStream in = r.getEntity().getContent()) {
                body.take(in);
            }
        }
    }

    /** {@code parts} ranged GETs at once, each on its own connection and thread, each written at its offset. */
    private static void ranged(URI url, String key, Path target, long size, int parts, int block) throws Exception {
        try (CloseableHttpClient http = HttpClients.custom().build();
             FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            out.truncate(0);
            long each = (size + parts - 1) / parts;
            List<Thread> threads = new ArrayList<>();
            Exception[] failure = new Exception[1];
            for (int p = 0; p < parts; p++) {
                long from = p * each;
                long to = Math.min(size, from + each) - 1;
                Thread t = new Thread(() -> {
                    HttpGet get = new HttpGet(url);
                    get.addHeader("Authorization", "Token " + key);
                    get.addHeader("Range", "bytes=" + from + "-" + to);
                    try (ClassicHttpResponse r = http.executeOpen(null, get, null); InputStream in = r.getEntity().getContent()) {
                        if (r.getCode() != 206) {
                            throw new IllegalStateException("status " + r.getCode());
                        }
                        byte[] b = new byte[block];
                        long pos = from;
                        for (int n; (n = in.read(b)) >= 0; ) {
                            ByteBuffer buf = ByteBuffer.wrap(b, 0, n);
                            while (buf.hasRemaining()) {
                                pos += out.write(buf, pos);
                            }
                        }
                    } catch (Exception e) {
                        failure[0] = e;
                    }
                }, "probe-part-" + p);
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                t.join();
            }
            if (failure[0] != null) {
                throw failure[0];
            }
        }
    }

    /**
     * Two ranged halves at once, each into a file of its own (no inode lock shared by their writes),
     * then, with {@code concat}, the second appended to the first inside the kernel (transferTo); without, both
     * halves stay apart (the "-drop" variant: what the two writes cost without the append, not a whole file).
     */
    private static void rangedFiles(URI url, String key, Path target, long size, boolean concat) throws Exception {
        Path second = target.resolveSibling(target.getFileName() + ".2");
        long half = size / 2;
        try (CloseableHttpClient http = HttpClients.custom().build()) {
            Exception[] failure = new Exception[1];
            Thread other = new Thread(() -> {
                try {
                    rangeInto(http, url, key, half, size - 1, second);
                } catch (Exception e) {
                    failure[0] = e;
                }
            }, "probe-part-1");
            other.start();
            rangeInto(http, url, key, 0, half - 1, target);
            other.join();
            if (failure[0] != null) {
                throw failure[0];
            }
        }
        if (concat) {
            try (FileChannel in = FileChannel.open(second, StandardOpenOption.READ);
                 FileChannel out = FileChannel.open(target, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                for (long done = 0, n = in.size(); done < n; ) {
                    done += in.transferTo(done, n - done, out);
                }
            }
            Files.delete(second);
        } else {
            Files.delete(second);
        }
    }

    private static void rangeInto(CloseableHttpClient http, URI url, String key, long from, long to, Path file) throws Exception {
        HttpGet get = new HttpGet(url);
        get.addHeader("Authorization", "Token " + key);
        get.addHeader("Range", "bytes=" + from + "-" + to);
        try (ClassicHttpResponse r = http.executeOpen(null, get, null); InputStream in = r.getEntity().getContent();
             FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] b = new byte[1 << 20];
            for (int n; (n = in.read(b)) >= 0; ) {
                ByteBuffer buf = ByteBuffer.wrap(b, 0, n);
                while (buf.hasRemaining()) {
                    out.write(buf);
                }
            }
        }
    }

    private static void serial(InputStream in, Path target, int block) throws Exception {
        byte[] b = new byte[block];
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            for (int n; (n = in.read(b)) >= 0; ) {
                out.write(ByteBuffer.wrap(b, 0, n));
            }
        }
    }

    private static final byte[] END = new byte[0];

    private static void twoThreads(InputStream in, Path target, int blocks, int block) throws Exception {
        BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(blocks);
        BlockingQueue<ByteBuffer> full = new ArrayBlockingQueue<>(blocks + 1);
        for (int i = 0; i < blocks; i++) {
            free.add(new byte[block]);
        }
        Exception[] failure = new Exception[1];
        Thread writer = new Thread(() -> {
            try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                for (ByteBuffer b; (b = full.take()).array() != END; ) {
                    while (b.hasRemaining()) {
                        out.write(b);
                    }
                    free.add(b.array());
                }
            } catch (Exception e) {
                failure[0] = e;
            }
        }, "probe-writer");
        writer.start();
        boolean eof = false;
        while (!eof) {
            byte[] b = free.take();
            int filled = 0;
            while (filled < b.length) {
                int n = in.read(b, filled, b.length - filled);
                if (n < 0) {
                    eof = true;
                    break;
                }
                filled += n;
            }
            if (filled > 0) {
                full.put(ByteBuffer.wrap(b, 0, filled));
            }
        }
        full.put(ByteBuffer.wrap(END));
        writer.join();
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    private static void mmapFromStream(InputStream in, Path target, long size) throws Exception {
        byte[] b = new byte[1 << 20];
        long window = 64L << 20;
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            out.truncate(size);
            for (long pos = 0; pos < size; pos += window) {
                MappedByteBuffer m = out.map(FileChannel.MapMode.READ_WRITE, pos, Math.min(window, size - pos));
                while (m.hasRemaining()) {
                    int n = in.read(b, 0, Math.min(b.length, m.remaining()));
                    if (n < 0) {
                        throw new IllegalStateException("short");
                    }
                    m.put(b, 0, n);
                }
            }
        }
    }

    /** A bare HTTP/1.1 GET: the head read byte by byte, then the channel is the body's. */
    private static void raw(URI url, String key, RawBody body) throws Exception {
        try (SocketChannel ch = SocketChannel.open(new InetSocketAddress(url.getHost(), url.getPort()))) {
            String req = "GET " + url.getRawPath() + " HTTP/1.1\r\nHost: " + url.getHost() + "\r\nAuthorization: Token " + key
                    + "\r\nConnection: close\r\n\r\n";
            ch.write(ByteBuffer.wrap(req.getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer one = ByteBuffer.allocate(1);
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                one.clear();
                if (ch.read(one) < 0) {
                    throw new IllegalStateException("no head");
                }
                head.append((char) one.get(0));
            }
            if (!head.toString().startsWith("HTTP/1.1 200")) {
                throw new IllegalStateException(head.toString());
            }
            body.take(ch);
        }
    }

    private static void rawMmap(SocketChannel ch, Path target, long size) throws Exception {
        long window = 64L << 20;
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            out.truncate(size);
            for (long pos = 0; pos < size; pos += window) {
                MappedByteBuffer m = out.map(FileChannel.MapMode.READ_WRITE, pos, Math.min(window, size - pos));
                while (m.hasRemaining()) {
                    if (ch.read(m) < 0) {
                        throw new IllegalStateException("short");
                    }
                }
            }
        }
    }

    private static void rawTwoThreads(SocketChannel ch, Path target, long size, int blocks, int block) throws Exception {
        BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(blocks);
        BlockingQueue<ByteBuffer> full = new ArrayBlockingQueue<>(blocks + 1);
        for (int i = 0; i < blocks; i++) {
            free.add(ByteBuffer.allocateDirect(block));
        }
        ByteBuffer end = ByteBuffer.allocate(0);
        Exception[] failure = new Exception[1];
        Thread writer = new Thread(() -> {
            try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                for (ByteBuffer b; (b = full.take()) != end; ) {
                    while (b.hasRemaining()) {
                        out.write(b);
                    }
                    b.clear();
                    free.add(b);
                }
            } catch (Exception e) {
                failure[0] = e;
            }
        }, "probe-writer");
        writer.start();
        long got = 0;
        while (got < size) {
            ByteBuffer b = free.take();
            b.limit((int) Math.min(b.capacity(), size - got));
            while (b.hasRemaining()) {
                if (ch.read(b) < 0) {
                    throw new IllegalStateException("short");
                }
            }
            got += b.position();
            b.flip();
            full.put(b);
        }
        full.put(end);
        writer.join();
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    private static String upload(BenchSupport.Client client, Path file) throws Exception {
        String boundary = "----probe";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"input.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        var r = client.http.send(client.request("/api/v2/files/contents/")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(java.net.http.HttpRequest.BodyPublishers.concat(java.net.http.HttpRequest.BodyPublishers.ofByteArray(head),
                        java.net.http.HttpRequest.BodyPublishers.ofFile(file), java.net.http.HttpRequest.BodyPublishers.ofByteArray(tail)))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("upload: " + r.statusCode() + " " + r.body());
        }
        return BenchSupport.JSON.readTree(r.body()).path("id").asText();
    }

    /** CPU ticks (user + system, /proc/self/task/N/stat) of each thread now alive, by "tid name". */
    private static Map<String, Long> threadTicks() throws java.io.IOException {
        Map<String, Long> ticks = new java.util.HashMap<>();
        try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.put(task.getFileName() + " " + comm, Long.parseLong(f[11]) + Long.parseLong(f[12]));
                } catch (java.io.IOException gone) {
                    // the thread ended meanwhile
                }
            }
        }
        return ticks;
    }

    /** The threads that used more than 50 ms between two snapshots, most first, in seconds (ticks of 10 ms). */
    private static String split(Map<String, Long> before, Map<String, Long> after) {
        StringBuilder out = new StringBuilder();
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey().replaceFirst("^\\d+ ", ""), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 5)
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .forEach(e -> out.append(String.format("%s %.2f; ", e.getKey(), e.getValue() / 100.0)));
        return out.toString();
    }

    /** CPU time of this whole JVM (client, platform, GC, JIT), user + system. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** As figure 3 does before each timed step (TransferBench.settle says why). */
    private static void settle(Path input, Path work) throws Exception {
        TransferBench.settle(input, work);
    }

    private static void run(String... command) throws Exception {
        TransferBench.run(command);
    }
}
