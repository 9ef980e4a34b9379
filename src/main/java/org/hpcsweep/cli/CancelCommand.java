package org.hpcsweep.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hpcsweep.service.ServiceSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code hpc-sweep cancel RUN}: asks the running service (its API) to cancel a study run: jobs not yet
 * submitted are not, running ones are stopped on the platform and end as stopped.
 */
@Command(name = "cancel", description = {"Cancel a study run in the running service: stop its jobs on the platform.",
        "Exit code: 0 the cancel is accepted, " + CancelCommand.NOT_RUNNING + " no run with that ID is running in this service "
                + "(the API's 409), 1 the service could not be asked."})
public final class CancelCommand implements Callable<Integer> {
    /** Its own code, so that scripts can tell "nothing to cancel" from "could not ask". */
    static final int NOT_RUNNING = 4;

    @Parameters(paramLabel = "RUN", description = "The run id (as listed by GET /api/studies or shown in the log).")
    String runId;

    @Mixin
    ServiceOptions options;

    @Override
    public Integer call() throws Exception {
        ServiceSettings settings = options.settings(Map.of());
        String token = System.getenv("HPCSWEEP_API_TOKEN");
        if (token == null || token.isBlank()) {
            Path file = settings.getPath("hpcsweep.api.token-file");
            if (!Files.isRegularFile(file)) {
                System.err.println("hpc-sweep cancel: no API token: set HPCSWEEP_API_TOKEN or run where the service wrote " + file);
                return 1;
            }
            token = Files.readString(file, StandardCharsets.UTF_8).strip();
        }
        URI uri = URI.create("http://" + settings.get("hpcsweep.api.host") + ":" + settings.get("hpcsweep.api.port")
                + "/api/studies/" + java.net.URLEncoder.encode(runId, StandardCharsets.UTF_8) + "/cancel");
        HttpResponse<String> answer;
        try {
            answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            System.err.println("hpc-sweep cancel: the service does not answer at " + uri.getHost() + ":" + uri.getPort()
                    + " (" + e.getMessage() + "); is `hpc-sweep serve` running?");
            return 1;
        }
        if (answer.statusCode() == 409) {
            System.err.println("hpc-sweep cancel: no run ID " + runId + " here: the service at " + uri.getHost() + ":"
                    + uri.getPort() + " is not running it (an unknown ID, a run already ended, or one of another service)");
            return NOT_RUNNING;
        }
        if (answer.statusCode() != 202) {
            System.err.println("hpc-sweep cancel: " + answer.statusCode() + " " + answer.body());
            return 1;
        }
        System.out.println("cancelling " + runId + ": " + answer.body());
        return 0;
    }
}
