package org.hpcsweep.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import org.hpcsweep.platform.LocalPlatformSettings;
import org.hpcsweep.service.HpcSweepService;
import org.hpcsweep.service.ServiceSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code hpc-sweep serve}: the long-running service, watching the inbox until stopped. */
@Command(name = "serve", description = "Run as a service: zips dropped into the inbox run as studies, until Ctrl-C.")
public final class ServeCommand implements Callable<Integer> {

    @Mixin
    ServiceOptions options;

    @Override
    public Integer call() throws Exception {
        ServiceSettings settings = options.settings(Map.of("hpcsweep.inbox.enabled", "true", "hpcsweep.resume", "true",
                "hpcsweep.api.enabled", "true"));
        if (settings.get("hpcsweep.platform.local.jobs-at-stop").isBlank()) {
            // A service restart (an upgrade, a changed setting) must not kill hours of running jobs.
            settings.set("hpcsweep.platform.local.jobs-at-stop", LocalPlatformSettings.KEEP_JOBS);
        }
        for (String prefix : new String[] {"hpcsweep.api", "hpcsweep.management"}) {
            java.util.Optional<String> busy = Ports.unusable(settings.get(prefix + ".host"),
                    (int) settings.getLong(prefix + ".port"), prefix + ".port");
            if (busy.isPresent()) {
                System.err.println("hpc-sweep serve: " + busy.get());
                return 1;
            }
        }
        HpcSweepService started;
        try {
            started = HpcSweepService.start(settings);
        } catch (Exception e) {
            // One line, as for any other reason the service cannot start; the log has the details.
            System.err.println("hpc-sweep serve: cannot start: " + RunCommand.rootMessage(e));
            return 1;
        }
        try (HpcSweepService service = started; ClosingHook atExit = new ClosingHook(service)) {
            System.out.println("hpc-sweep serving: drop study zips into " + settings.getPath("hpcsweep.inbox")
                    + "; results go to " + settings.getPath("hpcsweep.output") + "; platform " + service.platformUrl() + ".");
            System.out.println("Web page and API: http://" + settings.get("hpcsweep.api.host") + ":" + settings.get("hpcsweep.api.port")
                    + "/ (API token in " + (System.getenv("HPCSWEEP_API_TOKEN") != null ? "HPCSWEEP_API_TOKEN"
                    : settings.getPath("hpcsweep.api.token-file").toString()) + "). Ctrl-C stops.");
            service.awaitShutdown();
        }
        return 0;
    }
}
