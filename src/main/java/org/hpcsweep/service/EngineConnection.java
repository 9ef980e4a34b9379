package org.hpcsweep.service;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.hpcsweep.engine.EngineErrors;
import org.hpcsweep.platform.LocalPlatform;
import org.hpcsweep.platform.LocalPlatformSettings;
import org.hpcsweep.rescale.MultipartUpload;
import org.hpcsweep.rescale.PagedSearch;
import org.hpcsweep.rescale.PartFile;
import org.hpcsweep.rescale.RangedDownload;
import org.hpcsweep.rescale.PlatformAccount;
import org.hpcsweep.rescale.RateLimits;
import org.hpcsweep.rescale.RescaleErrors;
import org.hpcsweep.rescale.RescaleJobRequest;
import org.hpcsweep.rescale.RescaleStatus;
import org.hpcsweep.slurm.SlurmFailures;
import org.hpcsweep.slurm.SlurmSetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine a service drives ({@code hpcsweep.engine}): its name (which picks its routes,
 * routes/engine-NAME/), where it is, the beans its routes call, what its failures mean, how to hide
 * its secret in messages and how to check it answers. The flow itself is the same for every engine.
 *
 * @param errors   what the engine's failures mean, for the flow's error policy (StepErrors)
 * @param embedded the local platform this service started, or null
 */
record EngineConnection(String name, String url, Map<String, Object> beans, EngineErrors errors, UnaryOperator<String> mask,
                        Callable<String> probe, LocalPlatform embedded) implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("hpcsweep.service");

    static EngineConnection open(ServiceSettings settings) throws Exception {
        String engine = settings.get("hpcsweep.engine");
        return switch (engine) {
            case "rescale" -> rescale(settings);
            case "slurm" -> slurm(settings);
            default -> throw new IllegalArgumentException("hpcsweep.engine is '" + engine + "'; use rescale (Rescale's API, "
                    + "the embedded local platform included) or slurm (slurmrestd)");
        };
    }

    /** Rescale's REST API: the embedded local platform (url {@code local}) or a real one with its key. */
    private static EngineConnection rescale(ServiceSettings settings) throws Exception {
        LocalPlatform embedded = null;
        String url;
        String key;
        boolean local = settings.isLocalPlatform();
        if (local) {
            // A fresh key per start: the embedded platform only ever has this one client.
            byte[] secret = new byte[20];
            new SecureRandom().nextBytes(secret);
            key = HexFormat.of().formatHex(secret);
            long cores = settings.getLong("hpcsweep.platform.local.cores");
            embedded = LocalPlatform.start(new LocalPlatformSettings("127.0.0.1", (int) settings.getLong("hpcsweep.platform.local.port"),
                    settings.getPath("hpcsweep.platform.local.data-dir"), Set.of(key),
                    cores > 0 ? (int) cores : Runtime.getRuntime().availableProcessors(), settings.get("hpcsweep.platform.local.job-user"),
                    Boolean.parseBoolean(settings.get("hpcsweep.platform.local.oversubscribe").strip()),
                    settings.get("hpcsweep.platform.local.network"), settings.get("hpcsweep.platform.local.jobs-at-stop"),
                    keepCompleted(settings.get("hpcsweep.platform.local.keep-completed"))));
            url = embedded.baseUrl().toString();
            LOG.info("embedded local platform listening on {}", url);
        } else {
            url = settings.get("hpcsweep.platform.url");
            key = settings.remoteApiKey(System.getenv());
        }
        settings.set("hpcsweep.platform.url", url);
        PlatformAccount account = new PlatformAccount(url, key);
        boolean limited = !local || Boolean.parseBoolean(settings.get("hpcsweep.rate.local"));
        Map<String, Object> beans = new LinkedHashMap<>();
        beans.put("platformAccount", account);
        beans.put("multipartUpload", new MultipartUpload());
        beans.put("rescaleJobRequest", new RescaleJobRequest());
        beans.put("rescaleStatus", new RescaleStatus());
        beans.put("pagedSearch", new PagedSearch());
        beans.put("partFile", new PartFile());
        beans.put("rangedDownload", new RangedDownload(settings.getLong("hpcsweep.download.halves-above")));
        beans.put("rateLimits", limited
                ? new RateLimits(settings.getLong("hpcsweep.rate.submit-per-hour"), settings.getLong("hpcsweep.rate.jobs-per-hour"),
                Double.parseDouble(settings.get("hpcsweep.rate.share")))
                : new RateLimits(0, 0, 1));
        return new EngineConnection("rescale", url, beans, new RescaleErrors(), account::mask, account::probe, embedded);
    }

    /**
     * Slurm through slurmrestd, in the newest OpenAPI version both sides speak (asked at start unless
     * hpcsweep.slurm.api-version names one); jobs work in directories on the cluster's shared filesystem.
     * Readiness is slurmrestd's ping of slurmctld.
     */
    /** hpcsweep.platform.local.keep-completed: blank keeps completed jobs until deleted; else an ISO-8601 duration. */
    private static java.time.Duration keepCompleted(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return java.time.Duration.parse(value.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("setting hpcsweep.platform.local.keep-completed must be an ISO-8601 duration such as "
                    + "P30D or PT12H, or blank, not '" + value.strip() + "'");
        }
    }

    private static EngineConnection slurm(ServiceSettings settings) {
        SlurmSetup slurm = SlurmSetup.open(key -> {
            try {
                return settings.get(key);
            } catch (IllegalArgumentException unset) {
                return "";
            }
        });
        // For the routes' paths (routes/engine-slurm/10-slurm-calls.yaml).
        settings.set("hpcsweep.slurm.api-version", slurm.apiVersion());
        return new EngineConnection("slurm", slurm.url(), slurm.beans(),
                new SlurmFailures(slurm.credentials().userName(), slurm.tokenSetting()), slurm.credentials()::mask, slurm::probe, null);
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
