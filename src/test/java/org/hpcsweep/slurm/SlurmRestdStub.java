package org.hpcsweep.slurm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in slurmrestd on 127.0.0.1 for the OpenAPI versions the test cluster (22.05, v0.0.38) does
 * not serve. Its answers follow the specs in Slurm's sources: testsuite/python/data/openapi_specs/
 * openapi_spec_v41.json and openapi_spec_v42.json (job_info, process_exit_code_verbose,
 * uint32_no_val_struct, controller_ping, openapi_job_info_resp), for v0.0.40
 * src/plugins/data_parser/v0.0.40/parsers.c at slurm-23-11-10-1, and for the "no change" listing
 * src/slurmrestd/plugins/openapi/slurmctld/jobs.c (slurm-24-11-6-1). It checks each submit against
 * the version's request shape and refuses (400, as slurmrestd does) what that version would not
 * take; {@link #problems()} lists why. A job runs for {@code runMillis} after its submit, then
 * completes and leaves {@code "<tasks> 0.5"} in {@code comp_time.log} in its working directory.
 */
final class SlurmRestdStub implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PATH = Pattern.compile("^/slurm/(v0\\.0\\.\\d+)(/.*?)/?$");

    private final HttpServer server;
    private final List<String> versions;
    private final long runMillis;
    private final Map<Integer, StubJob> jobs = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final List<JsonNode> submits = new CopyOnWriteArrayList<>();
    private long lastUpdate = now();
    private int nextId = 1000;

    private static final class StubJob {
        final int id;
        final JsonNode desc;
        final long submitted = System.currentTimeMillis();
        String state = "PENDING";
        /** Slurm's start_time and end_time, epoch seconds, 0 until set (as slurmctld keeps them). */
        long startTime;
        long endTime;

        StubJob(int id, JsonNode desc) {
            this.id = id;
            this.desc = desc;
        }
    }

    SlurmRestdStub(long runMillis, String... versions) throws IOException {
        this.runMillis = runMillis;
        this.versions = List.of(versions);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/", this::handle);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** "GET /slurm/v0.0.41/jobs?update_time=..." for each request, in order. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    long count(String regex) {
        return requests.stream().filter(r -> r.matches(regex)).count();
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    List<JsonNode> submits() {
        return List.copyOf(submits);
    }

    private void handle(HttpExchange ex) throws IOException {
        String query = ex.getRequestURI().getRawQuery();
        String path = ex.getRequestURI().getPath();
        requests.add(ex.getRequestMethod() + " " + path + (query == null ? "" : "?" + query));
        byte[] in = ex.getRequestBody().readAllBytes();
        try (ex) {
            if (ex.getRequestHeaders().getFirst("X-SLURM-USER-NAME") == null || ex.getRequestHeaders().getFirst("X-SLURM-USER-TOKEN") == null) {
                reply(ex, 401, JSON.createObjectNode().put("error", "Authentication failure"));
                return;
            }
            if (path.equals("/openapi/v3")) {
                reply(ex, 200, openapi());
                return;
            }
            Matcher m = PATH.matcher(path);
            if (!m.matches() || !versions.contains(m.group(1))) {
                reply(ex, 404, errors("Unable to find path " + path, 404));
                return;
            }
            String version = m.group(1);
            String call = m.group(2);
            synchronized (this) {
                advance();
                if (call.equals("/job/submit") && ex.getRequestMethod().equals("POST")) {
                    submit(ex, version, JSON.readTree(in));
                } else if (call.equals("/jobs")) {
                    list(ex, query);
                } else if (call.startsWith("/job/")) {
                    one(ex, ex.getRequestMethod(), Integer.parseInt(call.substring(5)));
                } else if (call.equals("/ping")) {
                    reply(ex, 200, ping(version));
                } else if (call.equals("/nodes")) {
                    reply(ex, 200, JSON.readTree("{\"nodes\": [{\"name\": \"n1\", \"cpus\": 2, \"partitions\": [\"debug\"]},"
                            + " {\"name\": \"n2\", \"cpus\": 2, \"partitions\": [\"debug\"]}, {\"name\": \"big\", \"cpus\": 64, \"partitions\": [\"fat\"]}],"
                            + " \"errors\": []}"));
                } else {
                    reply(ex, 404, errors("no such call " + call, 404));
                }
            }
        }
    }

    /** The shape each version takes; what is missing or of the wrong kind is refused with 400. */
    private void submit(HttpExchange ex, String version, JsonNode body) throws IOException {
        List<String> wrong = new ArrayList<>();
        JsonNode job = body.path("job");
        boolean v38 = version.equals("v0.0.38");
        boolean scriptInJob = version.compareTo("v0.0.41") >= 0;
        JsonNode script = scriptInJob ? job.path("script") : body.path("script");
        if (!script.isTextual() || !script.asText().startsWith("#!")) {
            wrong.add((scriptInJob ? "job.script" : "script") + " must be the batch script");
        }
        if (scriptInJob && body.has("script")) {
            wrong.add("script beside the job is deprecated in " + version);
        }
        JsonNode env = job.path("environment");
        if (v38 ? !env.isObject() : !env.isArray() || env.isEmpty() || !env.get(0).asText().contains("=")) {
            wrong.add("job.environment must be " + (v38 ? "an object" : "a list of NAME=value") + ", not " + env);
        }
        if (v38 ? !job.path("nodes").isArray() : !job.path("nodes").isTextual()) {
            wrong.add("job.nodes must be " + (v38 ? "[min, max]" : "a count string") + ", not " + job.path("nodes"));
        }
        JsonNode limit = job.path("time_limit");
        if (!limit.isMissingNode() && (v38 ? !limit.isIntegralNumber()
                : !limit.path("set").isBoolean() || !limit.path("infinite").isBoolean() || !limit.path("number").isIntegralNumber())) {
            wrong.add("job.time_limit in the wrong shape for " + version + ": " + limit);
        }
        if (!job.path("tasks").isIntegralNumber() || !job.path("current_working_directory").asText("").startsWith("/")
                || !job.path("name").isTextual()) {
            wrong.add("job.tasks, job.name and an absolute job.current_working_directory are needed");
        }
        if (!wrong.isEmpty()) {
            problems.addAll(wrong);
            reply(ex, 400, errors(String.join("; ", wrong), 9001));
            return;
        }
        submits.add(body);
        StubJob stub = new StubJob(nextId++, job);
        jobs.put(stub.id, stub);
        lastUpdate = now();
        reply(ex, 200, JSON.createObjectNode().put("job_id", stub.id).put("step_id", "batch").set("errors", JSON.createArrayNode()));
    }

    private void list(HttpExchange ex, String query) throws IOException {
        if (query != null && query.startsWith("update_time=")) {
            long since = Long.parseLong(query.substring("update_time=".length()));
            if (since - 1 >= lastUpdate) {
                // jobs.c: SLURM_NO_CHANGE_IN_DATA becomes a warning and an answer without jobs or last_update.
                ObjectNode none = JSON.createObjectNode();
                none.set("jobs", JSON.createArrayNode());
                none.putArray("warnings").addObject().put("description", "No job changes since update_time[" + since + "]");
                none.set("errors", JSON.createArrayNode());
                reply(ex, 200, none);
                return;
            }
        }
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode list = answer.putArray("jobs");
        jobs.values().forEach(j -> list.add(jobInfo(j)));
        answer.set("last_update", number(now()));
        answer.set("errors", JSON.createArrayNode());
        reply(ex, 200, answer);
    }

    private void one(HttpExchange ex, String method, int id) throws IOException {
        StubJob job = jobs.get(id);
        if (job == null) {
            reply(ex, 500, errors("Unable to find JobId=" + id, 2017));
        } else if (method.equals("DELETE")) {
            job.state = "CANCELLED";
            // slurmctld: a job cancelled while waiting gets its start set to its end.
            job.endTime = System.currentTimeMillis() / 1000;
            job.startTime = job.startTime == 0 ? job.endTime : job.startTime;
            lastUpdate = now();
            reply(ex, 200, JSON.createObjectNode().set("errors", JSON.createArrayNode()));
        } else {
            ObjectNode answer = JSON.createObjectNode();
            answer.putArray("jobs").add(jobInfo(job));
            answer.set("errors", JSON.createArrayNode());
            reply(ex, 200, answer);
        }
    }

    /** The job's start_time as the stub sent it (epoch seconds, 0 before it runs). */
    long startTimeOf(long id) {
        return jobs.get((int) id).startTime;
    }

    /** The job's end_time once it ended (epoch seconds, 0 before). */
    long endTimeOf(long id) {
        return jobs.get((int) id).endTime;
    }

    /** PENDING, then RUNNING, then COMPLETED runMillis after the submit, with its result file written. */
    private void advance() throws IOException {
        long t = System.currentTimeMillis();
        for (StubJob job : jobs.values()) {
            String was = job.state;
            if (job.state.equals("PENDING")) {
                job.state = "RUNNING";
                job.startTime = t / 1000;
            } else if (job.state.equals("RUNNING") && t - job.submitted >= runMillis) {
                Path dir = Path.of(job.desc.path("current_working_directory").asText());
                Files.writeString(dir.resolve("comp_time.log"), job.desc.path("tasks").asInt() + " 0.5\n", StandardCharsets.UTF_8);
                job.state = "COMPLETED";
                job.endTime = t / 1000;
            }
            if (!was.equals(job.state)) {
                lastUpdate = now();
            }
        }
    }

    /**
     * v0.0.41_job_info, the fields SlurmState reads: job_state a list, exit_code process_exit_code_verbose,
     * start_time and end_time uint64_no_val objects.
     */
    private static ObjectNode jobInfo(StubJob job) {
        ObjectNode info = JSON.createObjectNode();
        info.put("job_id", job.id);
        info.put("name", job.desc.path("name").asText());
        info.putArray("job_state").add(job.state);
        info.put("state_reason", "None");
        info.put("state_description", "");
        info.set("tasks", number(job.desc.path("tasks").asLong()));
        info.set("submit_time", number(job.submitted / 1000));
        info.set("start_time", number(job.startTime));
        // A running job's end_time is when its time limit runs out, as slurmctld sends it: not an end.
        long limitSeconds = job.desc.path("time_limit").path("number").asLong(60) * 60;
        info.set("end_time", number(job.endTime > 0 ? job.endTime : job.startTime > 0 ? job.startTime + limitSeconds : 0));
        ObjectNode exit = info.putObject("exit_code");
        exit.putArray("status").add(job.state.equals("COMPLETED") ? "SUCCESS" : "PENDING");
        exit.set("return_code", number(0));
        ObjectNode signal = exit.putObject("signal");
        signal.set("id", JSON.createObjectNode().put("set", false).put("infinite", false).put("number", 0));
        signal.put("name", "");
        return info;
    }

    private static ObjectNode number(long value) {
        return JSON.createObjectNode().put("set", true).put("infinite", false).put("number", value);
    }

    /** v0.0.40/41: pinged "UP"; v0.0.42 adds responding and primary (pinged deprecated, still sent). */
    private static ObjectNode ping(String version) {
        ObjectNode answer = JSON.createObjectNode();
        ObjectNode one = answer.putArray("pings").addObject().put("hostname", "stubctld").put("pinged", "UP").put("latency", 120)
                .put("mode", "primary");
        if (version.compareTo("v0.0.42") >= 0) {
            one.put("responding", true).put("primary", true);
        }
        answer.set("errors", JSON.createArrayNode());
        return answer;
    }

    private ObjectNode openapi() {
        ObjectNode spec = JSON.createObjectNode().put("openapi", "3.0.3");
        spec.putObject("info").put("title", "Slurm REST API").put("version", "Slurm-stub");
        ObjectNode paths = spec.putObject("paths");
        for (String v : versions) {
            for (String call : List.of("/ping/", "/jobs/", "/job/submit", "/job/{job_id}", "/nodes/")) {
                paths.putObject("/slurm/" + v + call);
            }
        }
        paths.putObject("/slurmdb/v0.0.99/jobs/");
        return spec;
    }

    private static ObjectNode errors(String description, int number) {
        ObjectNode answer = JSON.createObjectNode();
        answer.putArray("errors").addObject().put("description", description).put("error_number", number).put("error", description);
        return answer;
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    private static void reply(HttpExchange ex, int code, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(code, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
