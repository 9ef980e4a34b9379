package org.hpcsweep.slurm;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Slurm engine as a service drives it, made from its settings ({@code hpcsweep.slurm.*}): who it
 * is, which OpenAPI version it speaks (asked of slurmrestd unless set), what every job asks of the
 * cluster, and the beans its routes call.
 *
 * @param apiVersion the version the routes call, {@code hpcsweep.slurm.api-version} for them
 * @param beans      by the names routes/engine-slurm/*.yaml use
 */
public record SlurmSetup(String url, String apiVersion, SlurmCredentials credentials, String tokenSetting,
                         SlurmRestd restd, SlurmDialect dialect, Map<String, Object> beans) {
    private static final Logger LOG = LoggerFactory.getLogger("hpcsweep.service");

    /** @param settings the service's settings by key (empty string when unset) */
    public static SlurmSetup open(Function<String, String> settings) {
        String tokenFile = settings.apply("hpcsweep.slurm.token-file").strip();
        SlurmCredentials credentials = tokenFile.isEmpty() ? SlurmCredentials.fromEnvironment()
                : SlurmCredentials.fromFile(settings.apply("hpcsweep.slurm.user"), Path.of(tokenFile));
        String tokenSetting = tokenFile.isEmpty() ? SlurmFailures.environmentSetting() : "hpcsweep.slurm.token-file (" + tokenFile + ")";
        String url = settings.apply("hpcsweep.slurm.url").strip();
        SlurmRestd restd = new SlurmRestd(URI.create(url), credentials,
                Duration.ofMillis(Long.parseLong(settings.apply("hpcsweep.http.response-timeout").strip())));
        SlurmDialect dialect = dialect(settings.apply("hpcsweep.slurm.api-version").strip(), restd, url);
        SlurmSite site = site(settings, restd, dialect);
        Path workdir = Path.of(settings.apply("hpcsweep.slurm.workdir").strip());
        SlurmState state = new SlurmState();
        Map<String, Object> beans = new LinkedHashMap<>();
        beans.put("slurmCredentials", credentials);
        beans.put("slurmState", state);
        beans.put("slurmStatusList", new SlurmStatusList(dialect, state));
        beans.put("slurmEngine", new SlurmEngine(new SlurmWorkspace(workdir), new SlurmJobRequest(dialect, site)));
        LOG.info("Slurm engine: slurmrestd at {} (OpenAPI {}) as user {}, work dirs under {}, jobs {}", url, dialect.version(),
                credentials.userName(), workdir.toAbsolutePath(), site);
        return new SlurmSetup(url, dialect.version(), credentials, tokenSetting, restd, dialect, beans);
    }

    /** The setting's version, or (empty or {@code auto}) the newest one slurmrestd and this engine both speak. */
    static SlurmDialect dialect(String setting, SlurmRestd restd, String url) {
        if (!setting.isEmpty() && !"auto".equals(setting)) {
            return SlurmDialect.of(setting);
        }
        try {
            return restd.newestCommonVersion();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot ask slurmrestd at " + url + " which OpenAPI versions it serves ("
                    + e.getMessage() + "): start it, or name the version in hpcsweep.slurm.api-version", e);
        }
    }

    /** hpcsweep.slurm.partition, account, qos, constraint and cpus-per-node ({@code auto}: the partition's smallest node). */
    static SlurmSite site(Function<String, String> settings, SlurmRestd restd, SlurmDialect dialect) {
        String partition = settings.apply("hpcsweep.slurm.partition");
        String cpus = settings.apply("hpcsweep.slurm.cpus-per-node").strip();
        int cpusPerNode;
        if ("auto".equals(cpus)) {
            try {
                cpusPerNode = restd.cpusPerNode(dialect, partition.strip());
            } catch (IOException e) {
                throw new IllegalArgumentException("hpcsweep.slurm.cpus-per-node is auto, but slurmrestd's nodes could not be read ("
                        + e.getMessage() + "); set the number", e);
            }
        } else {
            cpusPerNode = cpus.isEmpty() ? 0 : Integer.parseInt(cpus);
        }
        return new SlurmSite(partition, settings.apply("hpcsweep.slurm.account"), settings.apply("hpcsweep.slurm.qos"),
                settings.apply("hpcsweep.slurm.constraint"), cpusPerNode);
    }

    /** The readiness check's probe: slurmrestd's ping of its controllers. */
    public String probe() throws IOException {
        return restd.ping(dialect);
    }
}
