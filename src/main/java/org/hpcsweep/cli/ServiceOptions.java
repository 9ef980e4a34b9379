package org.hpcsweep.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hpcsweep.service.ServiceSettings;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Options shared by the commands that start the service. */
final class ServiceOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "Settings file (default: ${DEFAULT-VALUE}).",
            defaultValue = "config/application.properties")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one setting, e.g. --set hpcsweep.output=results.")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** The settings with the overrides applied; a misspelt {@code --set} key is a usage error (exit 2). */
    ServiceSettings settings(Map<String, String> extra) {
        java.util.Set<String> known = ServiceSettings.load(config, Map.of()).keys();
        for (String key : overrides.keySet()) {
            SettingKeys.refusal(key, known).ifPresent(why -> {
                throw new ParameterException(command.commandLine(), why);
            });
        }
        Map<String, String> all = new LinkedHashMap<>(overrides);
        all.putAll(extra);
        return ServiceSettings.load(config, all);
    }
}
