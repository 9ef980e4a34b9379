package org.hpcsweep.faults;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test's stand-in for a struggling platform: an HTTP proxy on loopback in front of the local
 * platform that, at chosen rates, answers 429 (with and without Retry-After), 500/502/503/504,
 * answers late, answers malformed JSON, drops the connection, or (the case that bills twice) passes
 * a create or submit through and then loses the answer. It counts what it injected.
 */
public final class FaultyPlatformProxy implements AutoCloseable {

    /** A kind of fault and the share of requests that get it. */
    public enum Fault { THROTTLE, THROTTLE_RETRY_AFTER, SERVER_ERROR, GATEWAY_ERROR, UNAVAILABLE, GATEWAY_TIMEOUT, SLOW, MALFORMED, DROP, LOST_ANSWER }

    private static final Set<String> HOP_HEADERS = Set.of("connection", "content-length", "host", "transfer-encoding",
            "upgrade", "http2-settings", "keep-alive", "expect", "te");

    private final HttpServer server;
    private final URI target;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Random random;
    private volatile Map<Fault, Double> rates = Map.of();
    private volatile String onlyOn = "";
    private final Map<Fault, AtomicLong> injected = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final Map<String, AtomicLong> byCall = new ConcurrentHashMap<>();
    private final long slowMillis;
    private final Map<String, Long> delays = new ConcurrentHashMap<>();
    private final AtomicLong uploadAnswersToShorten = new AtomicLong();
    private final AtomicLong downloadsToCut = new AtomicLong();
    private final AtomicLong placementAnswersToLose = new AtomicLong();
    private volatile boolean ignoreRanges;
    private final List<String> rangesAsked = new java.util.concurrent.CopyOnWriteArrayList<>();

    public FaultyPlatformProxy(URI target, long seed, long slowMillis) throws IOException {
        this.target = target;
        this.random = new Random(seed);
        this.slowMillis = slowMillis;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        // No cap of its own: as a stand-in for a WAN link (bench), it must not queue calls a real link would carry at once.
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** From now on each request gets fault f with probability rates.get(f) (their sum at most 1). */
    public void inject(Map<Fault, Double> rates) {
        this.rates = Map.copyOf(rates);
    }

    /** From now on faults hit only requests whose path contains {@code pathPart} ("" for all). */
    public void onlyOn(String pathPart) {
        this.onlyOn = pathPart;
    }

    /** Holds every request whose "METHOD path" ends with {@code suffix} for {@code millis} before passing it on. */
    public void delay(String suffix, long millis) {
        delays.put(suffix, millis);
    }

    /** The next {@code n} upload answers say one byte fewer was stored than the platform says (a short copy). */
    public void shortenUploadAnswers(long n) {
        uploadAnswersToShorten.set(n);
    }

    /** The next {@code n} file downloads announce their whole length, send half of it and drop the connection. */
    public void cutDownloads(long n) {
        downloadsToCut.set(n);
    }

    /**
     * The next {@code n} creates or submits are done by the platform and their answers lost (a 502 in their
     * place), whatever the random draw says: a test of exactly-once placement then meets the danger for sure,
     * not only when the draws, shared by calls in flight in whatever order, happen to land on one.
     */
    public void loseNextPlacementAnswers(long n) {
        placementAnswersToLose.set(n);
    }

    /** From now on the platform behind is asked for whole files only: Range is dropped, as by a server that ignores it (a 200 with the whole file). */
    public void ignoreRanges() {
        ignoreRanges = true;
    }

    /** The Range headers of the file downloads asked so far (dropped or not), in the order asked. */
    public List<String> rangesAsked() {
        return List.copyOf(rangesAsked);
    }

    /** Whether one of the {@code left} faults asked for is still to be done, taking it if so. */
    private static boolean takeOne(AtomicLong left) {
        return left.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }

    public long injected(Fault fault) {
        return injected.getOrDefault(fault, new AtomicLong()).get();
    }

    public long injectedTotal() {
        return injected.values().stream().mapToLong(AtomicLong::get).sum();
    }

    public long requests() {
        return requests.get();
    }

    /** Requests by "METHOD path", numeric path segments (job ids) as {id}: what a platform without counters of its own was asked. */
    public Map<String, Long> calls() {
        Map<String, Long> out = new java.util.TreeMap<>();
        byCall.forEach((call, n) -> out.put(call, n.get()));
        return out;
    }

    private Fault draw(String method, String path) {
        if (!path.contains(onlyOn)) {
            return null;
        }
        double r;
        synchronized (random) {
            r = random.nextDouble();
        }
        boolean placement = method.equals("POST") && (path.endsWith("/api/v2/jobs/") || path.endsWith("/submit/"));
        if (placement && takeOne(placementAnswersToLose)) {
            return Fault.LOST_ANSWER;
        }
        for (Map.Entry<Fault, Double> e : rates.entrySet()) {
            r -= e.getValue();
            if (r < 0) {
                // Losing the answer only matters (and is only the real danger) for create and submit.
                if (e.getKey() == Fault.LOST_ANSWER && !placement) {
                    return null;
                }
                return e.getKey();
            }
        }
        return null;
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getPath();
        byCall.computeIfAbsent(method + " " + path.replaceAll("/[0-9]+(?=/|$)", "/{id}"), c -> new AtomicLong()).incrementAndGet();
        Fault fault = draw(method, path);
        String range = ex.getRequestHeaders().getFirst("Range");
        if (method.equals("GET") && path.endsWith("/contents/") && range != null) {
            rangesAsked.add(range);
        }
        try (ex) {
            for (Map.Entry<String, Long> d : delays.entrySet()) {
                if ((method + " " + path).endsWith(d.getKey())) {
                    Thread.sleep(d.getValue());
                }
            }
            if (fault != null && fault != Fault.SLOW && fault != Fault.MALFORMED && fault != Fault.LOST_ANSWER) {
                count(fault);
                // Read the request first, as a platform's front end does: an answer sent while the client
                // is still sending its body makes the client see a broken connection instead.
                ex.getRequestBody().transferTo(OutputStream.nullOutputStream());
                switch (fault) {
                    case THROTTLE -> reply(ex, 429, "{\"detail\": \"Request was throttled.\"}", null);
                    case THROTTLE_RETRY_AFTER -> reply(ex, 429, "{\"detail\": \"Request was throttled.\"}", "1");
                    case SERVER_ERROR -> reply(ex, 500, "Internal Server Error", null);
                    case GATEWAY_ERROR -> reply(ex, 502, "<html>Bad Gateway</html>", null);
                    case UNAVAILABLE -> reply(ex, 503, "Service Unavailable", null);
                    case GATEWAY_TIMEOUT -> reply(ex, 504, "<html>Gateway Time-out</html>", null);
                    default -> { /* DROP: close without an answer */ }
                }
                return;
            }
            HttpResponse<InputStream> response = forward(ex);
            if (fault == Fault.LOST_ANSWER) {
                count(fault);
                response.body().close();
                reply(ex, 502, "<html>Bad Gateway</html>", null);
                return;
            }
            if (fault == Fault.SLOW) {
                count(fault);
                Thread.sleep(slowMillis);
            }
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (type.contains("json")) {
                String body = new String(response.body().readAllBytes(), StandardCharsets.UTF_8)
                        .replace(target.toString(), baseUrl().toString());
                if (method.equals("POST") && path.endsWith("/files/contents/") && takeOne(uploadAnswersToShorten)) {
                    java.util.regex.Matcher size = java.util.regex.Pattern.compile("\"decryptedSize\":(\\d+)").matcher(body);
                    if (size.find()) {
                        body = size.replaceFirst("\"decryptedSize\":" + (Long.parseLong(size.group(1)) - 1));
                    }
                }
                if (fault == Fault.MALFORMED) {
                    count(fault);
                    body = body.substring(0, body.length() / 2);
                }
                copyHeaders(response, ex);
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(response.statusCode(), bytes.length == 0 ? -1 : bytes.length);
                ex.getResponseBody().write(bytes);
            } else {
                copyHeaders(response, ex);
                // JDK HttpServer: a length of 0 means chunked, -1 means no body at all.
                long length = response.headers().firstValueAsLong("Content-Length").orElse(0);
                ex.sendResponseHeaders(response.statusCode(), response.statusCode() == 204 ? -1 : length);
                boolean cut = method.equals("GET") && path.endsWith("/contents/") && length > 1
                        && takeOne(downloadsToCut);
                try (InputStream in = response.body()) {
                    if (cut) {
                        OutputStream out = ex.getResponseBody();
                        out.write(in.readNBytes((int) Math.min(Integer.MAX_VALUE, length / 2)));
                        out.flush();
                        // Fewer bytes than announced: closing the exchange (not its stream) makes the JDK server drop the connection.
                        ex.close();
                        return;
                    }
                    try (OutputStream out = ex.getResponseBody()) {
                        in.transferTo(out);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HttpResponse<InputStream> forward(HttpExchange ex) throws IOException, InterruptedException {
        // No body, or a small one with its length: a stream goes on chunked, and slurmrestd refuses a
        // chunked request (HPE_CB_header_value), a GET without a body included. A large body (uploads) streams.
        String declared = ex.getRequestHeaders().getFirst("Content-Length");
        long length = declared == null ? -1 : Long.parseLong(declared);
        boolean chunked = ex.getRequestHeaders().containsKey("Transfer-Encoding");
        HttpRequest.BodyPublisher body = !chunked && length <= 0 ? HttpRequest.BodyPublishers.noBody()
                : !chunked && length <= 1 << 20 ? HttpRequest.BodyPublishers.ofByteArray(ex.getRequestBody().readAllBytes())
                : HttpRequest.BodyPublishers.ofInputStream(ex::getRequestBody);
        HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(ex.getRequestURI().toString()))
                .method(ex.getRequestMethod(), body)
                .timeout(Duration.ofMinutes(5));
        for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
            if (!HOP_HEADERS.contains(h.getKey().toLowerCase()) && !(ignoreRanges && h.getKey().equalsIgnoreCase("Range"))) {
                h.getValue().forEach(v -> request.header(h.getKey(), v));
            }
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    private static void copyHeaders(HttpResponse<?> from, HttpExchange to) {
        from.headers().map().forEach((k, v) -> {
            if (!HOP_HEADERS.contains(k.toLowerCase()) && !k.startsWith(":")) {
                to.getResponseHeaders().put(k, v);
            }
        });
    }

    private static void reply(HttpExchange ex, int code, String body, String retryAfter) throws IOException {
        if (retryAfter != null) {
            ex.getResponseHeaders().add("Retry-After", retryAfter);
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(code, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    private void count(Fault fault) {
        injected.computeIfAbsent(fault, f -> new AtomicLong()).incrementAndGet();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
